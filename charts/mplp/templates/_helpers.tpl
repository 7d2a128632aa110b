{{/* Names, labels and the pod parts every MPLP Deployment shares. */}}

{{- define "mplp.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "mplp.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ include "mplp.version" . | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: mplp
{{- with include "mplp.region" . }}
mplp.io/region: {{ . }}
{{- end }}
{{- with .Values.global.environment }}
mplp.io/environment: {{ . }}
{{- end }}
{{- end -}}

{{/* The MPLP version the release runs (global.version, else the chart's appVersion). */}}
{{- define "mplp.version" -}}
{{- default .Chart.AppVersion .Values.global.version -}}
{{- end -}}

{{/* Selector of one component: call with (dict "root" $ "component" "module-plan"). */}}
{{- define "mplp.selector" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "mplp.serviceAccountName" -}}
{{- default (include "mplp.fullname" .) .Values.security.serviceAccount.name -}}
{{- end -}}

{{/* Agent pods run as this account: another identity than the app's (see mplp.agents). */}}
{{- define "mplp.agentServiceAccountName" -}}
{{- default (printf "%s-agent" (include "mplp.fullname" .)) .Values.mplp.agents.serviceAccount.name -}}
{{- end -}}

{{/* A ServiceAccount, annotated for workload identity with the given client id. Call with
     (dict "root" $ "name" ... "clientId" ... "annotations" (dict) "automount" true). */}}
{{- define "mplp.serviceAccount" }}
{{- $wi := .root.Values.workloadIdentity }}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ .name }}
  labels:
    {{- include "mplp.labels" .root | nindent 4 }}
  {{- if or .annotations $wi.enabled }}
  annotations:
    {{- if $wi.enabled }}
    azure.workload.identity/client-id: {{ .clientId | quote }}
    {{- with $wi.tenantId }}
    azure.workload.identity/tenant-id: {{ . | quote }}
    {{- end }}
    {{- end }}
    {{- with .annotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- end }}
automountServiceAccountToken: {{ .automount }}
{{- end -}}

{{- define "mplp.image" -}}
{{- $image := .Values.mplp.image -}}
{{- $repository := $image.repository -}}
{{- with .Values.global.imageRegistry }}{{ $repository = printf "%s/%s" (trimSuffix "/" .) $repository }}{{ end -}}
{{- printf "%s:%s" $repository (default (include "mplp.version" .) $image.tag) -}}
{{- end -}}

{{/* The task hub's queues as the Durable Azure Storage backend names them. */}}
{{- define "mplp.taskHubQueues" -}}
{{- $hub := lower .Values.mplp.durable.hubName -}}
{{- $queues := list (printf "%s-workitems" $hub) -}}
{{- range $i := until (int .Values.mplp.durable.partitionCount) -}}
{{- $queues = append $queues (printf "%s-control-%02d" $hub $i) -}}
{{- end -}}
{{- toJson $queues -}}
{{- end -}}

{{/* The function list of a Deployment: the group's functions plus the ones every pod serves. */}}
{{- define "mplp.functionsEnv" -}}
{{- range $i, $name := concat .everyPod .functions }}
- name: AzureFunctionsJobHost__functions__{{ $i }}
  value: {{ $name }}
{{- end }}
{{- end -}}

{{- define "mplp.functionGroups" -}}
{{- .Files.Get "files/functions.yaml" -}}
{{- end -}}

{{/* Where the pods get the PostgreSQL connection string, in order: CloudNativePG, the CSI-synced
     Key Vault Secret, the vault itself (keyVault.uri: the app reads Mplp--Postgres--ConnectionString),
     an existing Secret. */}}
{{- define "mplp.postgresEnv" -}}
{{- $pg := .Values.postgresql -}}
{{- if $pg.enabled }}
- name: PGUSER
  valueFrom: {secretKeyRef: {name: {{ include "mplp.fullname" . }}-postgresql-app, key: username}}
- name: PGPASSWORD
  valueFrom: {secretKeyRef: {name: {{ include "mplp.fullname" . }}-postgresql-app, key: password}}
- name: Mplp__Postgres__ConnectionString
  value: "Host={{ include "mplp.fullname" . }}-postgresql-rw;Database=mplp;Username=$(PGUSER);Password=$(PGPASSWORD);SSL Mode=Require;Trust Server Certificate=true"
{{- else if .Values.keyVault.csi.enabled }}
- name: Mplp__Postgres__ConnectionString
  valueFrom: {secretKeyRef: {name: {{ include "mplp.fullname" . }}-keyvault, key: Mplp--Postgres--ConnectionString}}
{{- else if and $pg.external.existingSecret (not .Values.keyVault.uri) }}
- name: Mplp__Postgres__ConnectionString
  valueFrom: {secretKeyRef: {name: {{ $pg.external.existingSecret }}, key: {{ $pg.external.key }}}}
{{- end }}
{{- end -}}

{{/* Storage for the Functions host (AzureWebJobsStorage) and MPLP's own clients. */}}
{{- define "mplp.storageEnv" -}}
{{- with .Values.storage.accountName }}
- name: AzureWebJobsStorage__accountName
  value: {{ . }}
- name: Mplp__Storage__TableServiceUri
  value: https://{{ $.Values.storage.eventLogAccountName | default . }}.table.core.windows.net
- name: Mplp__Storage__QueueServiceUri
  value: https://{{ . }}.queue.core.windows.net
{{- else }}
- name: AzureWebJobsStorage
  valueFrom: {secretKeyRef: {name: {{ .Values.storage.connectionStringSecret }}, key: connection-string}}
{{- end }}
{{- end -}}

{{/* Storage for agent pods: only the Queue endpoint (keyless, as the agents' identity), or the agents'
     own Secret; never the app's connection string, which opens the task hub and the event log. */}}
{{- define "mplp.agentStorageEnv" -}}
{{- with .Values.storage.accountName }}
- name: Mplp__Storage__QueueServiceUri
  value: https://{{ . }}.queue.core.windows.net
{{- else }}
- name: AzureWebJobsStorage
  valueFrom: {secretKeyRef: {name: {{ .Values.mplp.agents.connectionStringSecret }}, key: connection-string}}
{{- end }}
{{- end -}}

{{/* Pod labels: workload identity's webhook injects the token only into labelled pods. */}}
{{- define "mplp.podLabels" -}}
{{ include "mplp.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- if .root.Values.workloadIdentity.enabled }}
azure.workload.identity/use: "true"
{{- end }}
{{- with .root.Values.mplp.podLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* The azure-queue scaler's account metadata (its credentials come from the TriggerAuthentication). */}}
{{- define "mplp.kedaQueueMetadata" -}}
{{- with .Values.storage.accountName -}}
accountName: {{ . }}
{{- end -}}
{{- end -}}

{{- define "mplp.anyWorker" -}}
{{- range .Values.mplp.workers }}{{ if .enabled }}true{{ end }}{{ end -}}
{{- end -}}

{{/* OpenTelemetry resource attributes of every MPLP pod (the SDK reads OTEL_RESOURCE_ATTRIBUTES):
     dashboards and traces tell releases and environments apart by them. */}}
{{- define "mplp.otelResourceEnv" -}}
- name: OTEL_RESOURCE_ATTRIBUTES
  value: {{ printf "service.version=%s" (include "mplp.version" .) }}{{ with .Values.global.environment }},deployment.environment.name={{ . }}{{ end }}
{{- end -}}

{{/* Modules switched off (mplp.modules.<module>.enabled false), as JSON: they get no Deployment, Service or
     HPA; core's pods serve their routes (the ingress sends the rest of /api/v1 to core) and the app, told
     through Mplp__Modules__Disabled__N, answers them 503 MODULE_DISABLED instead of 404. */}}
{{- define "mplp.disabledModules" -}}
{{- $disabled := list -}}
{{- range $module, $settings := .Values.mplp.modules }}{{ if not $settings.enabled }}{{ $disabled = append $disabled $module }}{{ end }}{{ end -}}
{{- toJson $disabled -}}
{{- end -}}

{{/* The global.multiRegion.regions entry this release runs, as JSON: the one named global.region, or the
     primary's when global.region is empty (so a values file renders on its own); {} without multi-region
     or when nothing matches (templates/validate.yaml refuses that, naming the regions). */}}
{{- define "mplp.regionEntry" -}}
{{- $entry := dict -}}
{{- if .Values.global.multiRegion.enabled -}}
{{- range .Values.global.multiRegion.regions -}}
{{- if and (not $entry) (or (eq .name $.Values.global.region) (and (not $.Values.global.region) .primary)) -}}
{{- $entry = . -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- toJson $entry -}}
{{- end -}}

{{/* The region of this release: global.region, or the primary's in a multi-region install that names none. */}}
{{- define "mplp.region" -}}
{{- .Values.global.region | default ((include "mplp.regionEntry" . | fromJson).name | default "") -}}
{{- end -}}

{{/* "true" when this region works on another region's database: the regions share the primary's
     (network.multiRegion.crossRegionReplication) and this one is not the primary. */}}
{{- define "mplp.primaryElsewhere" -}}
{{- $network := .Values.network.multiRegion -}}
{{- if and .Values.global.multiRegion.enabled $network.enabled $network.crossRegionReplication (not (include "mplp.regionEntry" . | fromJson).primary) -}}
true
{{- end -}}
{{- end -}}
