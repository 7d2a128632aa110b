{{/* Replica counts of the module Deployments (fixed or HPA) and the workers (KEDA), with the
     highAvailability floor applied: one place, so the Deployments, HPAs, ScaledObjects and NOTES.txt agree. */}}

{{/* The fewest replicas highAvailability allows: 2, or one more than an integer PDB minAvailable (a
     budget that allows no disruption would block every node drain). 0 without highAvailability. */}}
{{- define "mplp.haFloor" -}}
{{- $pdb := .Values.mplp.podDisruptionBudget -}}
{{- if not .Values.highAvailability.enabled -}}
0
{{- else if and (kindIs "invalid" $pdb.maxUnavailable) (not (kindIs "string" $pdb.minAvailable)) (not (kindIs "invalid" $pdb.minAvailable)) -}}
{{- max 2 (add1 (int $pdb.minAvailable)) -}}
{{- else -}}
2
{{- end -}}
{{- end -}}

{{/* A module Deployment's fixed replicas: call with (dict "root" $ "settings" $settings). In order: the
     region's replicas (global.multiRegion), the module's, mplp.replicaCount; then the HA floor. */}}
{{- define "mplp.moduleReplicas" -}}
{{- $replicas := .root.Values.mplp.replicaCount -}}
{{- $region := include "mplp.regionEntry" .root | fromJson -}}
{{- if not (kindIs "invalid" $region.replicas) }}{{ $replicas = $region.replicas }}
{{- else if not (kindIs "invalid" .settings.replicas) }}{{ $replicas = .settings.replicas }}{{ end -}}
{{- max (int $replicas) (int (include "mplp.haFloor" .root)) -}}
{{- end -}}

{{/* {"min": .., "max": ..} of every module's HPA: the region's replicas (global.multiRegion) or
     autoscaling.minReplicas, at least the HA floor. */}}
{{- define "mplp.hpaRange" -}}
{{- $region := include "mplp.regionEntry" . | fromJson -}}
{{- $min := max (int (ternary .Values.autoscaling.minReplicas $region.replicas (kindIs "invalid" $region.replicas))) (int (include "mplp.haFloor" .)) -}}
{{- dict "min" $min "max" (max $min (int .Values.autoscaling.maxReplicas)) | toJson -}}
{{- end -}}

{{/* {"min": .., "max": ..} of a worker's ScaledObject: call with (dict "root" $ "settings" $settings). */}}
{{- define "mplp.workerRange" -}}
{{- $min := max (int .settings.minReplicas) (int (include "mplp.haFloor" .root)) -}}
{{- dict "min" $min "max" (max $min (int .settings.maxReplicas)) | toJson -}}
{{- end -}}

{{/* "<fewest>-<most>" MPLP pods of the release (modules, workers, agent pools) for NOTES.txt. */}}
{{- define "mplp.podCount" -}}
{{- $fewest := 0 -}}
{{- $most := 0 -}}
{{- $hpa := include "mplp.hpaRange" . | fromJson -}}
{{- range $module, $settings := .Values.mplp.modules }}
{{- if $settings.enabled }}
{{- if $.Values.autoscaling.enabled }}
{{- $fewest = add $fewest $hpa.min }}{{ $most = add $most $hpa.max }}
{{- else }}
{{- $replicas := include "mplp.moduleReplicas" (dict "root" $ "settings" $settings) }}
{{- $fewest = add $fewest $replicas }}{{ $most = add $most $replicas }}
{{- end }}
{{- end }}
{{- end }}
{{- range $worker, $settings := .Values.mplp.workers }}
{{- if $settings.enabled }}
{{- $range := include "mplp.workerRange" (dict "root" $ "settings" $settings) | fromJson }}
{{- $fewest = add $fewest $range.min }}{{ $most = add $most $range.max }}
{{- end }}
{{- end }}
{{- range .Values.mplp.agentPools }}
{{- $fewest = add $fewest (default 0 .minReplicas) }}{{ $most = add $most (default 5 .maxReplicas) }}
{{- end }}
{{- printf "%d-%d" (int $fewest) (int $most) -}}
{{- end -}}
