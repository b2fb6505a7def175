{{/* The chart's name, or nameOverride. */}}
{{- define "mlctl.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-qualified name; components append -control-plane / -operator (so it stays under 63 - 14 chars). */}}
{{- define "mlctl.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 49 | trimSuffix "-" }}
{{- else if contains (include "mlctl.name" .) .Release.Name }}
{{- .Release.Name | trunc 49 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "mlctl.name" .) | trunc 49 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "mlctl.controlPlane.fullname" -}}
{{ include "mlctl.fullname" . }}-control-plane
{{- end }}

{{- define "mlctl.operator.fullname" -}}
{{ include "mlctl.fullname" . }}-operator
{{- end }}

{{/* Labels on every object. */}}
{{- define "mlctl.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "mlctl.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: mlctl
{{- end }}

{{/* Selector labels of one component: call with (dict "ctx" $ "component" "control-plane"). */}}
{{- define "mlctl.selectorLabels" -}}
app.kubernetes.io/name: {{ include "mlctl.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* registry/repository:tag of a component image: call with (dict "ctx" $ "image" .Values.controlPlane.image). */}}
{{- define "mlctl.image" -}}
{{- $tag := default .ctx.Values.image.tag .image.tag | default .ctx.Chart.AppVersion -}}
{{- if .ctx.Values.image.registry -}}
{{ .ctx.Values.image.registry }}/{{ .image.repository }}:{{ $tag }}
{{- else -}}
{{ .image.repository }}:{{ $tag }}
{{- end }}
{{- end }}

{{/* The Secret holding the loggers' ingest token: the user's, or the one the chart creates. */}}
{{- define "mlctl.ingestToken.secretName" -}}
{{- default (printf "%s-ingest-token" (include "mlctl.fullname" .)) .Values.inferenceLogger.ingestToken.existingSecret }}
{{- end }}

{{- define "mlctl.controlPlane.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}{{ include "mlctl.controlPlane.fullname" . }}{{ else }}default{{ end }}
{{- end }}

{{- define "mlctl.operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}{{ include "mlctl.operator.fullname" . }}{{ else }}default{{ end }}
{{- end }}

{{/* The writable temp directory a read-only root filesystem needs (JVM, Netty native libraries). */}}
{{- define "mlctl.tmpVolumeMount" -}}
- name: tmp
  mountPath: /tmp
{{- end }}
{{- define "mlctl.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: 256Mi
{{- end }}

{{- /*
Exactly what the operator calls (deploy-tests OperatorRbacTest records its requests against an API server and
compares them with these rules):
- ModelRollouts: JOSDK's informer lists and watches them; the operator updates the spec when it pauses a rollout
  (onInconclusive: pause) and the status subresource with optimistic locking (update, never patch); when such an
  update conflicts, JOSDK reads the rollout again (get) and retries.
- Deployments and Services of the model servers, and the Gateway API HTTPRoutes: informers (list, watch); JOSDK
  writes them with server-side apply, which is a patch, and needs create for objects that do not exist yet.
- Events: created for every phase change and rollback.
- Secrets: only the loggers' token copy, by name: its informer lists and watches with a metadata.name field selector
  (which resourceNames authorises), server-side apply patches it; create cannot be limited by name.
*/ -}}
{{- define "mlctl.operator.rules" -}}
- apiGroups: [mlctl.io]
  resources: [modelrollouts]
  verbs: [get, list, watch, update, patch]
- apiGroups: [mlctl.io]
  resources: [modelrollouts/status]
  verbs: [update]
- apiGroups: [apps]
  resources: [deployments]
  verbs: [list, watch, create, patch]
- apiGroups: [""]
  resources: [services]
  verbs: [list, watch, create, patch]
- apiGroups: [gateway.networking.k8s.io]
  resources: [httproutes]
  verbs: [get, list, watch, create, patch]
- apiGroups: [""]
  resources: [events]
  verbs: [create]
- apiGroups: [""]
  resources: [secrets]
  verbs: [create]
- apiGroups: [""]
  resources: [secrets]
  resourceNames: [{{ .Values.inferenceLogger.namespaceSecretName }}]
  verbs: [list, watch, patch]
{{- end }}
