{{/* A Redis StatefulSet: the master's or the replicas'. Call with (dict "root" $ "role" "master"
     "replicas" 1 "settings" .Values.redis.master); every pod has a sentinel beside it with sentinel.enabled. */}}
{{- define "mplp.redisStatefulSet" -}}
{{- $root := .root -}}
{{- $redis := $root.Values.redis -}}
{{- $persistence := .settings.persistence -}}
{{- $name := printf "%s-%s" (include "mplp.redisName" $root) (ternary "master" "replicas" (eq .role "master")) -}}
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{ $name }}
  labels:
    {{- include "mplp.labels" $root | nindent 4 }}
    app.kubernetes.io/component: redis
    mplp.io/redis-role: {{ .role }}
spec:
  replicas: {{ .replicas }}
  serviceName: {{ include "mplp.redisName" $root }}-headless
  podManagementPolicy: Parallel
  selector:
    matchLabels:
      {{- include "mplp.selector" (dict "root" $root "component" "redis") | nindent 6 }}
      mplp.io/redis-role: {{ .role }}
  template:
    metadata:
      labels:
        {{- include "mplp.labels" $root | nindent 8 }}
        app.kubernetes.io/component: redis
        mplp.io/redis-role: {{ .role }}
      annotations:
        checksum/scripts: {{ include (print $root.Template.BasePath "/redis/scripts.yaml") $root | sha256sum }}
    spec:
      automountServiceAccountToken: false
      {{- with $root.Values.global.imagePullSecrets }}
      imagePullSecrets:
        {{- range . }}
        - name: {{ . }}
        {{- end }}
      {{- end }}
      securityContext:
        {{- toYaml $redis.podSecurityContext | nindent 8 }}
      # The master and its replicas (and so the sentinels) preferably on different nodes.
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                topologyKey: kubernetes.io/hostname
                labelSelector:
                  matchLabels:
                    {{- include "mplp.selector" (dict "root" $root "component" "redis") | nindent 20 }}
      containers:
        - name: redis
          image: {{ include "mplp.redisImage" $root }}
          imagePullPolicy: {{ $redis.image.pullPolicy }}
          command: [sh, /scripts/start-redis.sh]
          securityContext:
            {{- toYaml $redis.securityContext | nindent 12 }}
          env:
            {{- include "mplp.redisPodEnv" $root | trim | nindent 12 }}
            - name: PERSISTENCE
              value: {{ $persistence.enabled | quote }}
          ports:
            - {name: redis, containerPort: 6379, protocol: TCP}
          {{- include "mplp.redisProbes" 6379 | nindent 10 }}
          {{- with .settings.resources }}
          resources:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          volumeMounts:
            - {name: data, mountPath: /data}
            - {name: config, mountPath: /run/redis}
            - {name: scripts, mountPath: /scripts}
        {{- if $redis.sentinel.enabled }}
        - name: sentinel
          image: {{ include "mplp.redisImage" $root }}
          imagePullPolicy: {{ $redis.image.pullPolicy }}
          command: [sh, /scripts/start-sentinel.sh]
          securityContext:
            {{- toYaml $redis.securityContext | nindent 12 }}
          env:
            {{- include "mplp.redisPodEnv" $root | trim | nindent 12 }}
          ports:
            - {name: sentinel, containerPort: 26379, protocol: TCP}
          {{- include "mplp.redisProbes" 26379 | nindent 10 }}
          {{- with $redis.sentinel.resources }}
          resources:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          volumeMounts:
            - {name: sentinel-config, mountPath: /run/sentinel}
            - {name: scripts, mountPath: /scripts}
        {{- end }}
      # The root filesystem is read-only: the scripts write redis.conf and sentinel.conf (which the
      # sentinel rewrites as it learns the topology) into emptyDirs.
      volumes:
        - name: scripts
          configMap: {name: {{ include "mplp.redisName" $root }}-scripts, defaultMode: 0555}
        - name: config
          emptyDir: {sizeLimit: 1Mi}
        {{- if $redis.sentinel.enabled }}
        - name: sentinel-config
          emptyDir: {sizeLimit: 1Mi}
        {{- end }}
        {{- if not $persistence.enabled }}
        - name: data
          emptyDir: {}
        {{- end }}
  {{- if $persistence.enabled }}
  volumeClaimTemplates:
    - metadata:
        name: data
        labels:
          {{- include "mplp.selector" (dict "root" $root "component" "redis") | nindent 10 }}
      spec:
        accessModes: [ReadWriteOnce]
        {{- with (default $root.Values.global.storageClass $persistence.storageClass) }}
        storageClassName: {{ . }}
        {{- end }}
        resources:
          requests:
            storage: {{ $persistence.size }}
  {{- end }}
{{- end -}}
