#!/usr/bin/env bash
# curl-retry: curl with --fail, --max-time and --retry, the usual "robust" curl call.
# curl defaults that matter: no -L, so a 3xx is not followed, and --fail only fails on HTTP 400 and
# above (a 3xx exits 0); --retry N retries "transient" errors only: a timeout and HTTP 408, 429,
# 500, 502, 503, 504 (Retry-After honoured), not a dropped connection ("Empty reply from server",
# exit 52) unless --retry-all-errors; --retry-delay 0 means the default backoff (1 s, doubling).
set -u
uuid() { cat /proc/sys/kernel/random/uuid 2>/dev/null || uuidgen | tr 'A-F' 'a-f'; }
message=$CPN_MESSAGE
failed=0
for ((i = 0; i < ${CPN_COUNT:-1}; i++)); do
  if ((i > 0)); then
    message=$(printf '%s' "$CPN_MESSAGE" | sed -E \
      -e "s/(\"GSW_MESSAGE_GUID\" *: *\")[^\"]*/\1$(uuid)/" \
      -e "s/(\"GSW_CALL_ATTEMPT_GUID\" *: *\")[^\"]*/\1$(uuid)/" \
      -e "s/(\"GSW_TIMESTAMP\" *: *\")[^\"]*/\1$(date +%s.%3N)/")
  fi
  guid=$(printf '%s' "$message" | sed -E 's/.*"GSW_MESSAGE_GUID" *: *"([^"]*)".*/\1/')
  curl -sS --fail -X POST \
    --max-time "${CPN_RESPONSE_TIMEOUT:-10}" \
    --retry "${CPN_RETRY_MAX_ATTEMPTS:-0}" --retry-delay 0 \
    -H 'Content-Type: application/json' \
    -H "ETag: $guid" \
    --data-binary "$message" \
    "$CPN_URL" -o /dev/null || failed=1
done
exit $failed
