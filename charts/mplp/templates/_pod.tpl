{{/* The pod template of every MPLP Deployment. Call with
     (dict "root" $ "component" "module-plan" "functions" (list ...) "resources" (dict) "http" true). */}}
{{- define "mplp.podTemplate" -}}
{{- $root := .root -}}
{{- $values := $root.Values -}}
{{- $groups := include "mplp.functionGroups" $root | fromYaml -}}
metadata:
  labels:
    {{- include "mplp.podLabels" . | nindent 4 }}
  annotations:
    checksum/config: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
    {{- with $values.mplp.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  serviceAccountName: {{ include "mplp.serviceAccountName" $root }}
  automountServiceAccountToken: {{ or $values.security.serviceAccount.automountToken $values.workloadIdentity.enabled }}
  terminationGracePeriodSeconds: {{ $values.mplp.terminationGracePeriodSeconds }}
  {{- with $values.global.imagePullSecrets }}
  imagePullSecrets:
    {{- range . }}
    - name: {{ . }}
    {{- end }}
  {{- end }}
  securityContext:
    {{- toYaml $values.mplp.podSecurityContext | nindent 4 }}
  {{- include "mplp.affinity" . | trim | nindent 2 }}
  {{- with $values.mplp.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $values.mplp.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  containers:
    - name: mplp
      image: {{ include "mplp.image" $root }}
      imagePullPolicy: {{ $values.mplp.image.pullPolicy }}
      securityContext:
        {{- toYaml $values.image.securityContext | nindent 8 }}
      ports:
        - name: http
          containerPort: 8080
          protocol: TCP
      envFrom:
        - configMapRef:
            name: {{ include "mplp.fullname" $root }}
      env:
        {{- include "mplp.functionsEnv" (dict "everyPod" $groups.everyPod "functions" .functions) | trim | nindent 8 }}
        {{- include "mplp.storageEnv" $root | trim | nindent 8 }}
        {{- include "mplp.postgresEnv" $root | trim | nindent 8 }}
        {{- include "mplp.redisEnv" $root | trim | nindent 8 }}
        {{- with $values.monitoring.azureMonitorSecret }}
        - name: APPLICATIONINSIGHTS_CONNECTION_STRING
          valueFrom: {secretKeyRef: {name: {{ . }}, key: connection-string}}
        {{- end }}
        # Telemetry tells the Deployments apart (one image, many roles).
        - name: OTEL_SERVICE_NAME
          value: mplp-{{ .component }}
        {{- include "mplp.otelResourceEnv" $root | nindent 8 }}
        {{- with $values.mplp.auth.signingKeySecret }}
        - name: Mplp__Auth__SigningKey
          valueFrom: {secretKeyRef: {name: {{ . }}, key: signing-key}}
        {{- end }}
      # Liveness asks only whether the process answers; readiness whether PostgreSQL and storage do.
      startupProbe:
        httpGet: {path: /health, port: http}
        periodSeconds: 5
        failureThreshold: 36
      livenessProbe:
        httpGet: {path: /health, port: http}
        periodSeconds: 20
        timeoutSeconds: 5
        failureThreshold: 3
      readinessProbe:
        httpGet: {path: /ready, port: http}
        periodSeconds: 15
        timeoutSeconds: 12
        failureThreshold: 3
      resources:
        {{- toYaml (default $values.mplp.resources .resources) | nindent 8 }}
      volumeMounts:
        - {name: tmp, mountPath: /tmp}
        - {name: host-secrets, mountPath: /azure-functions-host/Secrets}
        {{- if $values.keyVault.csi.enabled }}
        - {name: keyvault, mountPath: /mnt/keyvault, readOnly: true}
        {{- end }}
  # The root filesystem is read-only: the host writes logs, keys and its secrets file here.
  volumes:
    - name: tmp
      emptyDir: {sizeLimit: 512Mi}
    - name: host-secrets
      emptyDir: {sizeLimit: 1Mi}
    {{- if $values.keyVault.csi.enabled }}
    - name: keyvault
      csi:
        driver: secrets-store.csi.k8s.io
        readOnly: true
        volumeAttributes: {secretProviderClass: {{ include "mplp.fullname" $root }}-keyvault}
    {{- end }}
{{- end -}}

{{/* mplp.affinity verbatim, else replicas of one component on different nodes (soft or hard); the
     configured spread, or with highAvailability a spread over zones that never blocks scheduling. */}}
{{- define "mplp.affinity" -}}
{{- $values := .root.Values.mplp -}}
{{- if $values.affinity }}
affinity:
  {{- toYaml $values.affinity | nindent 2 }}
{{- else if ne $values.podAntiAffinity "none" }}
affinity:
  podAntiAffinity:
    {{- if eq $values.podAntiAffinity "hard" }}
    requiredDuringSchedulingIgnoredDuringExecution:
      - topologyKey: kubernetes.io/hostname
        labelSelector:
          matchLabels:
            {{- include "mplp.selector" . | nindent 12 }}
    {{- else }}
    preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          topologyKey: kubernetes.io/hostname
          labelSelector:
            matchLabels:
              {{- include "mplp.selector" . | nindent 14 }}
    {{- end }}
{{- end }}
{{- $spread := $values.topologySpread }}
{{- if and (not $spread) .root.Values.highAvailability.enabled }}
{{- $spread = list (dict "maxSkew" 1 "topologyKey" "topology.kubernetes.io/zone" "whenUnsatisfiable" "ScheduleAnyway") }}
{{- end }}
{{- with $spread }}
topologySpreadConstraints:
  {{- range . }}
  - {{- toYaml (merge (dict "labelSelector" (dict "matchLabels" (include "mplp.selector" $ | fromYaml))) .) | nindent 4 }}
  {{- end }}
{{- end }}
{{- end -}}
