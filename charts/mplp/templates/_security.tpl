{{/* Why the namespace's Pod Security admission would refuse the chart's pods at a level (baseline or
     restricted), one reason per line; empty when they are admissible. Every pod the chart renders
     (modules, workers, agent pools, the helm test) takes its contexts from these two values, and none
     uses host namespaces, host ports, hostPath or other volume types restricted refuses: only the
     values can break a level. Call with (dict "level" "restricted" "pod" {...} "container" {...}). */}}
{{- define "mplp.podSecurityViolations" -}}
{{- $level := .level -}}
{{- $pod := .pod | default dict -}}
{{- $c := .container | default dict -}}
{{- $baselineCapabilities := list "AUDIT_WRITE" "CHOWN" "DAC_OVERRIDE" "FOWNER" "FSETID" "KILL" "MKNOD" "NET_BIND_SERVICE" "SETFCAP" "SETGID" "SETPCAP" "SETUID" "SYS_CHROOT" -}}
{{- $safeSysctls := list "kernel.shm_rmid_forced" "net.ipv4.ip_local_port_range" "net.ipv4.ip_unprivileged_port_start" "net.ipv4.tcp_syncookies" "net.ipv4.ping_group_range" "net.ipv4.ip_local_reserved_ports" "net.ipv4.tcp_keepalive_time" "net.ipv4.tcp_fin_timeout" "net.ipv4.tcp_keepalive_intvl" "net.ipv4.tcp_keepalive_probes" -}}
{{- if $c.privileged }}
image.securityContext.privileged must not be true
{{- end }}
{{- range (dig "capabilities" "add" (list) $c) }}
{{- if not (has . (ternary (list "NET_BIND_SERVICE") $baselineCapabilities (eq $level "restricted"))) }}
image.securityContext.capabilities.add must not add {{ . }}
{{- end }}
{{- end }}
{{- if and $c.procMount (ne $c.procMount "Default") }}
image.securityContext.procMount must be Default
{{- end }}
{{- range $name := list "mplp.podSecurityContext" "image.securityContext" }}
{{- $context := ternary $pod $c (eq $name "mplp.podSecurityContext") }}
{{- if eq (dig "seccompProfile" "type" "" $context) "Unconfined" }}
{{ $name }}.seccompProfile.type must not be Unconfined
{{- end }}
{{- if eq (dig "appArmorProfile" "type" "" $context) "Unconfined" }}
{{ $name }}.appArmorProfile.type must not be Unconfined
{{- end }}
{{- if or (dig "seLinuxOptions" "user" "" $context) (dig "seLinuxOptions" "role" "" $context) }}
{{ $name }}.seLinuxOptions must not set user or role
{{- end }}
{{- with (dig "seLinuxOptions" "type" "" $context) }}
{{- if not (has . (list "container_t" "container_init_t" "container_kvm_t" "container_engine_t")) }}
{{ $name }}.seLinuxOptions.type must not be {{ . }}
{{- end }}
{{- end }}
{{- if dig "windowsOptions" "hostProcess" false $context }}
{{ $name }}.windowsOptions.hostProcess must not be true
{{- end }}
{{- if and (eq $level "restricted") (hasKey $context "runAsUser") (eq (int $context.runAsUser) 0) }}
{{ $name }}.runAsUser must not be 0
{{- end }}
{{- end }}
{{- range $pod.sysctls }}
{{- if not (has .name $safeSysctls) }}
mplp.podSecurityContext.sysctls must not set {{ .name }}
{{- end }}
{{- end }}
{{- if eq $level "restricted" }}
{{- if ne (toString $c.allowPrivilegeEscalation) "false" }}
image.securityContext.allowPrivilegeEscalation must be false
{{- end }}
{{- if not (has "ALL" (dig "capabilities" "drop" (list) $c)) }}
image.securityContext.capabilities.drop must include ALL
{{- end }}
{{- if not (or (eq (toString $c.runAsNonRoot) "true") (and (eq (toString $pod.runAsNonRoot) "true") (ne (toString $c.runAsNonRoot) "false"))) }}
runAsNonRoot must be true (mplp.podSecurityContext or image.securityContext, and false in neither)
{{- end }}
{{- $confined := list "RuntimeDefault" "Localhost" }}
{{- $containerSeccomp := dig "seccompProfile" "type" "" $c }}
{{- if not (or (has $containerSeccomp $confined) (and (not $containerSeccomp) (has (dig "seccompProfile" "type" "" $pod) $confined))) }}
seccompProfile.type must be RuntimeDefault or Localhost (mplp.podSecurityContext or image.securityContext)
{{- end }}
{{- end }}
{{- end -}}
