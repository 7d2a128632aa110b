{{/* The routes of one ingress host, as JSON {"<pathType> <path>": "<module>"}: call with
     (dict "root" $ "paths" $host.paths). A host's Prefix (or ImplementationSpecific) path exposes
     every public path of an enabled module under it (a segment-wise prefix, as Kubernetes matches
     Prefix paths) and, when it lies deeper than those, itself, routed to the module whose path holds
     it most closely; an Exact path exposes only itself. The public paths are files/functions.yaml's,
     plus /api/v1/<module>/health (Exact) to each module; /metrics is none of them. Keys dedupe paths
     that two host paths both expose. */}}
{{- define "mplp.ingressRoutes" -}}
{{- $groups := include "mplp.functionGroups" .root | fromYaml -}}
{{- $public := list -}}
{{- range $module, $settings := .root.Values.mplp.modules }}
{{- if $settings.enabled }}
{{- range get $groups.paths $module }}{{ $public = append $public (dict "path" . "type" "Prefix" "module" $module) }}{{ end }}
{{- $public = append $public (dict "path" (printf "/api/v1/%s/health" $module) "type" "Exact" "module" $module) }}
{{- end }}
{{- end }}
{{- $routes := dict -}}
{{- range $exposed := .paths }}
{{- $path := trimSuffix "/" $exposed.path | default "/" }}
{{- $exact := eq (default "Prefix" $exposed.pathType) "Exact" }}
{{- $owner := dict "path" "" }}
{{- range $public }}
{{- if and (not $exact) (or (eq $path "/") (eq .path $path) (hasPrefix (printf "%s/" $path) .path)) }}
{{- $_ := set $routes (printf "%s %s" .type .path) .module }}
{{- end }}
{{- if and (or (eq .path $path) (and (eq .type "Prefix") (hasPrefix (printf "%s/" .path) $path))) (gt (len .path) (len $owner.path)) }}
{{- $owner = . }}
{{- end }}
{{- end }}
{{- if and $owner.module (or $exact (ne $owner.path $path)) }}
{{- $_ := set $routes (printf "%s %s" (ternary "Exact" "Prefix" $exact) $path) $owner.module }}
{{- end }}
{{- end }}
{{- toJson $routes -}}
{{- end -}}
