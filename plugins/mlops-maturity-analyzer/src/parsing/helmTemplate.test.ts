import { parseYamlDocuments } from './yaml';
import { renderHelmTemplate } from './helmTemplate';

describe('renderHelmTemplate', () => {
  const values = {
    replicaCount: 3,
    image: { repository: 'acme/api', tag: '' },
    resources: { limits: { cpu: '1' } },
    ingress: { enabled: false, hosts: [{ host: 'a.test' }] },
    env: [{ name: 'A', value: '1' }],
  };

  it('resolves values, defaults, with/range blocks and toYaml', () => {
    const rendered = renderHelmTemplate(
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "api.fullname" . }}
  labels:
    {{- include "api.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicaCount }}
  template:
    spec:
      containers:
        - name: {{ .Chart.Name }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default "latest" }}"
          {{- with .Values.resources }}
          resources:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          env:
          {{- range .Values.env }}
            - name: {{ .name }}
              value: {{ .value | quote }}
          {{- end }}
{{- if .Values.ingress.enabled }}
---
kind: Ingress
{{- else }}
---
kind: ConfigMap
{{- end }}
`,
      { values, chartName: 'api' },
    );
    const docs = parseYamlDocuments(rendered) as any[];
    expect(docs).toHaveLength(2);
    expect(docs[0].spec.replicas).toBe(3);
    expect(docs[0].spec.template.spec.containers[0]).toEqual({
      name: 'api',
      image: 'acme/api:latest',
      resources: { limits: { cpu: '1' } },
      env: [{ name: 'A', value: 1 }],
    });
    expect(docs[1].kind).toBe('ConfigMap');
  });

  it('evaluates not / and / or conditions and skips define blocks', () => {
    const rendered = renderHelmTemplate(
      `{{- define "x" }}
kind: Hidden
{{- end }}
{{- if and .Values.ingress.enabled (not .Values.missing) }}
kind: Ingress
{{- end }}
{{- if or .Values.ingress.enabled .Values.replicaCount }}
kind: Service
{{- end }}
`,
      { values, chartName: 'api' },
    );
    expect(rendered.trim()).toBe('kind: Service');
  });
});
