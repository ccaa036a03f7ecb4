#!/usr/bin/env bash
# curl-naive: one plain curl POST per notification, as a shell integration is often written.
# curl defaults that matter: redirects are not followed without -L, so a 3xx is just an answer;
# without --fail any HTTP answer (3xx, 4xx, 5xx) exits 0; no --max-time means no timeout (it waits
# as long as the server holds the request); no --retry means no retries.
set -u
uuid() { cat /proc/sys/kernel/random/uuid 2>/dev/null || uuidgen | tr 'A-F' 'a-f'; }
message=$CPN_MESSAGE
failed=0
for ((i = 0; i < ${CPN_COUNT:-1}; i++)); do
  if ((i > 0)); then
    guid=$(uuid)
    message=$(printf '%s' "$CPN_MESSAGE" | sed -E \
      -e "s/(\"GSW_MESSAGE_GUID\" *: *\")[^\"]*/\1$guid/" \
      -e "s/(\"GSW_CALL_ATTEMPT_GUID\" *: *\")[^\"]*/\1$(uuid)/" \
      -e "s/(\"GSW_TIMESTAMP\" *: *\")[^\"]*/\1$(date +%s.%3N)/")
  fi
  guid=$(printf '%s' "$message" | sed -E 's/.*"GSW_MESSAGE_GUID" *: *"([^"]*)".*/\1/')
  curl -sS -X POST \
    -H 'Content-Type: application/json' \
    -H "ETag: $guid" \
    --data-binary "$message" \
    "$CPN_URL" || failed=1
  echo
done
exit $failed
