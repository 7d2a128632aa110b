{{/* Names and pod parts of the in-chart Redis (redis.enabled). */}}

{{- define "mplp.redisName" -}}
{{- printf "%s-redis" (include "mplp.fullname" .) -}}
{{- end -}}

{{/* The Secret holding redis-password: an existing one, or <release>-redis (rendered from
     redis.auth.password or generated, or produced by an ExternalSecret). */}}
{{- define "mplp.redisSecret" -}}
{{- default (include "mplp.redisName" .) .Values.redis.auth.existingSecret -}}
{{- end -}}

{{/* The headless Service's DNS suffix: pods are <pod>.<this>, the names Redis and the sentinels announce. */}}
{{- define "mplp.redisHeadless" -}}
{{- printf "%s-headless.%s.svc" (include "mplp.redisName" .) .Release.Namespace -}}
{{- end -}}

{{- define "mplp.redisImage" -}}
{{- $image := .Values.redis.image -}}
{{- $repository := $image.repository -}}
{{- with .Values.global.imageRegistry }}{{ $repository = printf "%s/%s" (trimSuffix "/" .) $repository }}{{ end -}}
{{- printf "%s:%s" $repository $image.tag -}}
{{- end -}}

{{/* What the start-up scripts (scripts.yaml) read; the password only by reference to its Secret. */}}
{{- define "mplp.redisPodEnv" -}}
{{- $redis := .Values.redis -}}
{{- if $redis.auth.enabled }}
- name: REDIS_PASSWORD
  valueFrom: {secretKeyRef: {name: {{ include "mplp.redisSecret" . }}, key: redis-password}}
{{- end }}
- name: REDIS_HEADLESS
  value: {{ include "mplp.redisHeadless" . }}
- name: REDIS_FIRST_MASTER
  value: {{ include "mplp.redisName" . }}-master-0.{{ include "mplp.redisHeadless" . }}
- name: SENTINEL
  value: {{ $redis.sentinel.enabled | quote }}
{{- if $redis.sentinel.enabled }}
- name: SENTINEL_SERVICE
  value: {{ include "mplp.redisName" . }}-sentinel
- name: SENTINEL_MASTER_SET
  value: {{ $redis.sentinel.masterSet }}
- name: SENTINEL_QUORUM
  value: {{ $redis.sentinel.quorum | quote }}
{{- end }}
{{- end -}}

{{/* A probe running ping.sh against one port (6379 Redis, 26379 the sentinel). */}}
{{- define "mplp.redisProbes" -}}
readinessProbe:
  exec: {command: [sh, /scripts/ping.sh, {{ . | quote }}]}
  periodSeconds: 10
  timeoutSeconds: 5
livenessProbe:
  exec: {command: [sh, /scripts/ping.sh, {{ . | quote }}]}
  initialDelaySeconds: 20
  periodSeconds: 15
  timeoutSeconds: 5
  failureThreshold: 4
{{- end -}}
