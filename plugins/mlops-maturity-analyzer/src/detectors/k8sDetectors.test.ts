import { analyzeFiles, rejectionsOf, signalsOf } from '../testUtils';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: fraud-api
  labels: { app: fraud-api, cost-center: ml-platform }
spec:
  replicas: 3
  revisionHistoryLimit: 5
  selector:
    matchLabels: { app: fraud-api }
  template:
    metadata:
      labels: { app: fraud-api }
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: "8000"
    spec:
      containers:
        - name: api
          image: ghcr.io/acme/fraud:1.4.2
          readinessProbe: { httpGet: { path: /health, port: 8000 } }
          resources:
            requests: { cpu: 500m, memory: 1Gi, nvidia.com/gpu: 1 }
            limits: { cpu: "2", memory: 2Gi, nvidia.com/gpu: 1 }
---
apiVersion: v1
kind: Service
metadata: { name: fraud-api }
spec:
  selector: { app: fraud-api }
  ports: [{ port: 80, targetPort: 8000 }]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: fraud-api }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: fraud-api }
  minReplicas: 2
  maxReplicas: 10
  metrics:
    - type: Resource
      resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } }
`;

describe('Kubernetes manifests', () => {
  it('emits one signal per document with replicas, scaling, resources and GPUs', async () => {
    const facts = await analyzeFiles({
      'deploy/k8s/base/fraud.yaml': deployment,
    });
    const resources = signalsOf(facts, 'k8s-resource');
    expect(resources.map(r => r.attributes.resourceKind)).toEqual([
      'Deployment',
      'Service',
      'HorizontalPodAutoscaler',
    ]);
    expect(resources[0].attributes).toMatchObject({
      name: 'fraud-api',
      replicas: 3,
      hasResourceRequests: true,
      hasResourceLimits: true,
      gpu: true,
      revisionHistoryLimit: 5,
      probes: true,
    });
    expect(resources[0].detail).toBe(
      'Kubernetes Deployment `fraud-api` in deploy/k8s/base/fraud.yaml: 3 replicas, resource requests and limits set, requests GPUs',
    );
    expect(resources[2].attributes).toMatchObject({
      minReplicas: 2,
      maxReplicas: 10,
    });
    expect(resources[0].attributes.role).toBe('web');
    expect(resources[2].attributes.scaleTarget).toEqual({
      kind: 'Deployment',
      name: 'fraud-api',
      role: 'web',
    });
    expect(signalsOf(facts, 'monitoring-config', 'prometheus')).toHaveLength(1);
    expect(
      signalsOf(facts, 'gpu-cost', 'kubernetes')[0].attributes.labels,
    ).toEqual(['cost-center']);
  });

  it('rejects GPUs without cost labels and rollback disabled by revisionHistoryLimit: 0', async () => {
    const facts = await analyzeFiles({
      'k8s/train-job.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: { name: llm }
spec:
  revisionHistoryLimit: 0
  template:
    spec:
      containers:
        - name: vllm
          image: vllm/vllm-openai:v0.5.0
          args: ["--model", "meta-llama/Llama-3-8B"]
          resources: { limits: { nvidia.com/gpu: 2 } }
`,
    });
    expect(rejectionsOf(facts, 'gpu-cost')[0].reason).toMatch(
      /requests GPUs but has no cost-attribution label/,
    );
    expect(rejectionsOf(facts, 'rollback')[0].reason).toMatch(
      /revisionHistoryLimit: 0/,
    );
    expect(signalsOf(facts, 'serving', 'vllm')).toHaveLength(1);
  });

  it('recognises KServe, Seldon, Argo Rollouts, Flagger, monitoring CRDs, KEDA, Katib and CronJobs', async () => {
    const facts = await analyzeFiles({
      'ml/serving/isvc.yaml': `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: { name: fraud }
spec:
  predictor:
    minReplicas: 1
    maxReplicas: 5
    canaryTrafficPercent: 10
    model:
      modelFormat: { name: sklearn }
      storageUri: gs://acme-models/fraud/v7
      resources: { requests: { cpu: "1" }, limits: { memory: 2Gi } }
`,
      'deploy/seldon.yaml': `apiVersion: machinelearning.seldon.io/v1
kind: SeldonDeployment
metadata: { name: churn }
spec:
  predictors:
    - name: main
      traffic: 90
      graph: { name: clf, implementation: SKLEARN_SERVER, modelUri: s3://m/v1 }
    - name: canary
      traffic: 10
      graph: { name: clf, implementation: SKLEARN_SERVER, modelUri: s3://m/v2 }
`,
      'deploy/rollout.yaml': `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: { name: recsys }
spec:
  replicas: 4
  strategy:
    canary:
      steps:
        - setWeight: 20
        - pause: { duration: 10m }
        - analysis: { templates: [{ templateName: success-rate }] }
`,
      'deploy/canary.yaml': `apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: search }
spec:
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: search }
  analysis: { interval: 1m, threshold: 5, maxWeight: 50, stepWeight: 10 }
`,
      'monitoring/servicemonitor.yaml': `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: { name: fraud }
spec:
  selector: { matchLabels: { app: fraud } }
  endpoints: [{ port: http, path: /metrics, interval: 30s }]
`,
      'monitoring/rules.yaml': `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: { name: fraud-alerts }
spec:
  groups:
    - name: fraud
      rules:
        - alert: FraudModelDrift
          expr: max(fraud_feature_drift_score) > 0.3
          for: 30m
          labels: { severity: warning }
        - record: job:fraud_requests:rate5m
          expr: sum(rate(fraud_requests_total[5m]))
`,
      'deploy/keda.yaml': `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: worker }
spec:
  scaleTargetRef: { name: worker }
  minReplicaCount: 0
  maxReplicaCount: 20
`,
      'tuning/katib.yaml': `apiVersion: kubeflow.org/v1beta1
kind: Experiment
metadata: { name: fraud-hpo }
spec:
  algorithm: { algorithmName: bayesianoptimization }
  parameters:
    - { name: lr, parameterType: double }
    - { name: depth, parameterType: int }
`,
      'jobs/retrain.yaml': `apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly-retrain }
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: train
              image: acme/fraud-train:latest
              command: ["python", "-m", "fraud.train"]
`,
      'fraud/train.py':
        'from sklearn.linear_model import LogisticRegression\nimport pandas as pd\n\ndf = pd.read_parquet("data.parquet")\nLogisticRegression().fit(df.drop(columns="y"), df["y"])\n',
    });
    expect(
      signalsOf(facts, 'serving')
        .map(s => s.tool)
        .sort(),
    ).toEqual(['kserve', 'seldon']);
    const isvc = signalsOf(facts, 'k8s-resource').find(
      s => s.attributes.resourceKind === 'InferenceService',
    )!;
    expect(isvc.attributes).toMatchObject({
      minReplicas: 1,
      maxReplicas: 5,
      canaryTrafficPercent: 10,
      hasResourceRequests: true,
    });
    expect(
      signalsOf(facts, 'progressive-rollout')
        .map(s => s.tool)
        .sort(),
    ).toEqual(['argo-rollouts', 'flagger', 'kserve', 'seldon']);
    expect(
      signalsOf(facts, 'rollback')
        .map(s => s.tool)
        .sort(),
    ).toEqual(['argo-rollouts', 'flagger', 'kserve']);
    expect(
      signalsOf(facts, 'monitoring-config', 'prometheus-operator'),
    ).toHaveLength(1);
    expect(signalsOf(facts, 'alert-rules')[0].attributes.alerts).toEqual([
      {
        name: 'FraudModelDrift',
        expr: 'max(fraud_feature_drift_score) > 0.3',
        for: '30m',
        severity: 'warning',
      },
    ]);
    expect(
      signalsOf(facts, 'k8s-resource').find(
        s => s.attributes.resourceKind === 'ScaledObject',
      )!.attributes,
    ).toMatchObject({
      minReplicas: 0,
      maxReplicas: 20,
    });
    expect(
      signalsOf(facts, 'hyperparameter-tuning', 'katib')[0].attributes
        .algorithm,
    ).toBe('bayesianoptimization');
    const cron = signalsOf(facts, 'schedule', 'kubernetes')[0];
    expect(cron.attributes).toMatchObject({
      schedule: '0 2 * * *',
      activities: ['train'],
    });
  });

  it('renders Helm templates with values, dropping blocks the values disable', async () => {
    const chart = 'deploy/helm/fraud';
    const facts = await analyzeFiles({
      [`${chart}/Chart.yaml`]:
        'apiVersion: v2\nname: fraud\nversion: 1.2.0\ndependencies:\n  - name: kube-prometheus-stack\n    version: 58.x\n',
      [`${chart}/values.yaml`]: `replicaCount: 2
image: { repository: ghcr.io/acme/fraud, tag: "" }
resources:
  requests: { cpu: 250m, memory: 512Mi }
  limits: { memory: 1Gi }
autoscaling:
  enabled: false
  minReplicas: 2
  maxReplicas: 8
`,
      [`${chart}/values-prod.yaml`]: 'autoscaling:\n  enabled: true\n',
      [`${chart}/templates/_helpers.tpl`]:
        '{{- define "fraud.fullname" -}}{{ .Release.Name }}-fraud{{- end }}',
      [`${chart}/templates/deployment.yaml`]: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "fraud.fullname" . }}
  labels:
    {{- include "fraud.labels" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  template:
    spec:
      containers:
        - name: {{ .Chart.Name }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          {{- with .Values.resources }}
          resources:
            {{- toYaml . | nindent 12 }}
          {{- end }}
`,
      [`${chart}/templates/hpa.yaml`]: `{{- if .Values.autoscaling.enabled }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "fraud.fullname" . }}
spec:
  minReplicas: {{ .Values.autoscaling.minReplicas }}
  maxReplicas: {{ .Values.autoscaling.maxReplicas }}
{{- end }}
`,
    });
    const deploymentSignal = signalsOf(facts, 'k8s-resource').find(
      s => s.attributes.resourceKind === 'Deployment',
    )!;
    expect(deploymentSignal.path).toBe(`${chart}/templates/deployment.yaml`);
    expect(deploymentSignal.attributes).toMatchObject({
      replicas: 2,
      hasResourceRequests: true,
      hasResourceLimits: true,
      source: 'helm',
    });
    const hpa = signalsOf(facts, 'k8s-resource').find(
      s => s.attributes.resourceKind === 'HorizontalPodAutoscaler',
    )!;
    expect(hpa.attributes).toMatchObject({
      minReplicas: 2,
      maxReplicas: 8,
      valuesFile: `${chart}/values-prod.yaml`,
    });
    expect(hpa.detail).toContain(
      'enabled by deploy/helm/fraud/values-prod.yaml',
    );
    const helm = signalsOf(facts, 'iac', 'helm')[0];
    expect(helm.attributes).toMatchObject({
      chart: 'fraud',
      replicaCount: 2,
      autoscaling: { enabled: false, minReplicas: 2, maxReplicas: 8 },
    });
    expect(
      signalsOf(facts, 'monitoring-config', 'kube-prometheus-stack'),
    ).toHaveLength(1);
  });

  it('does not claim autoscaling when no values file enables the HPA', async () => {
    const facts = await analyzeFiles({
      'chart/Chart.yaml': 'apiVersion: v2\nname: svc\nversion: 0.1.0\n',
      'chart/values.yaml': 'autoscaling:\n  enabled: false\n',
      'chart/templates/hpa.yaml':
        '{{- if .Values.autoscaling.enabled }}\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: x\nspec:\n  maxReplicas: 3\n{{- end }}\n',
    });
    expect(signalsOf(facts, 'k8s-resource')).toHaveLength(0);
  });
});

describe('false passes in Kubernetes manifests', () => {
  it('does not take revisionHistoryLimit, which Kubernetes keeps by default, for a rollback practice', async () => {
    const facts = await analyzeFiles({ 'k8s/api.yaml': deployment });
    expect(signalsOf(facts, 'rollback')).toHaveLength(0);
  });

  it('resolves what an autoscaler scales: a worker or a database is not the serving workload', async () => {
    const facts = await analyzeFiles({
      'k8s/worker.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: { name: feature-worker }
spec:
  selector: { matchLabels: { app: feature-worker } }
  template:
    metadata: { labels: { app: feature-worker } }
    spec:
      containers:
        - name: worker
          image: ghcr.io/acme/fraud-worker:1.0
          command: ["celery", "-A", "fraud.tasks", "worker"]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: feature-worker }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: feature-worker }
  minReplicas: 1
  maxReplicas: 10
`,
      'k8s/db.yaml': `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: features-db }
spec:
  selector: { matchLabels: { app: features-db } }
  template:
    metadata: { labels: { app: features-db } }
    spec:
      containers:
        - name: postgres
          image: postgres:16
---
apiVersion: v1
kind: Service
metadata: { name: features-db }
spec:
  selector: { app: features-db }
  ports: [{ port: 5432 }]
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: features-db }
spec:
  scaleTargetRef: { kind: StatefulSet, name: features-db }
  maxReplicaCount: 3
`,
    });
    const scaler = (name: string) =>
      signalsOf(facts, 'k8s-resource').find(
        s =>
          s.attributes.name === name &&
          /Autoscaler|ScaledObject/.test(String(s.attributes.resourceKind)),
      )!.attributes.scaleTarget;
    expect(scaler('feature-worker')).toEqual({
      kind: 'Deployment',
      name: 'feature-worker',
      role: 'worker',
    });
    expect(scaler('features-db')).toEqual({
      kind: 'StatefulSet',
      name: 'features-db',
      role: 'infrastructure',
    });
  });

  it('rejects a suspended CronJob instead of taking it for a schedule', async () => {
    const facts = await analyzeFiles({
      'jobs/retrain.yaml': `apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly-retrain }
spec:
  schedule: "0 2 * * *"
  suspend: true
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: train
              image: acme/fraud-train:latest
              command: ["python", "train.py"]
`,
      'train.py':
        'from sklearn.linear_model import LogisticRegression\nLogisticRegression().fit(X, y)\n',
    });
    expect(signalsOf(facts, 'schedule')).toHaveLength(0);
    expect(rejectionsOf(facts, 'schedule')[0].reason).toBe(
      'Kubernetes CronJob `nightly-retrain` in jobs/retrain.yaml is suspended (`suspend: true`), so its schedule `0 2 * * *` never starts it',
    );
  });
});

describe('a chart scaffolded with helm create', () => {
  const chart = 'charts/api';
  const files = {
    [`${chart}/Chart.yaml`]:
      'apiVersion: v2\nname: api\ndescription: A Helm chart for Kubernetes\ntype: application\nversion: 0.1.0\nappVersion: "1.16.0"\n',
    [`${chart}/values.yaml`]: `replicaCount: 1
image:
  repository: nginx
  pullPolicy: IfNotPresent
  tag: ""
imagePullSecrets: []
serviceAccount:
  create: true
  annotations: {}
  name: ""
podAnnotations: {}
securityContext: {}
service:
  type: ClusterIP
  port: 80
ingress:
  enabled: false
  className: ""
  hosts:
    - host: chart-example.local
      paths:
        - path: /
          pathType: ImplementationSpecific
  tls: []
resources: {}
autoscaling:
  enabled: false
  minReplicas: 1
  maxReplicas: 100
  targetCPUUtilizationPercentage: 80
nodeSelector: {}
tolerations: []
`,
    [`${chart}/templates/_helpers.tpl`]:
      '{{- define "api.fullname" -}}\n{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}\n{{- end }}\n',
    [`${chart}/templates/deployment.yaml`]: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "api.fullname" . }}
  labels:
    {{- include "api.labels" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "api.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      {{- with .Values.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      labels:
        {{- include "api.selectorLabels" . | nindent 8 }}
    spec:
      {{- with .Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      serviceAccountName: {{ include "api.serviceAccountName" . }}
      securityContext:
        {{- toYaml .Values.podSecurityContext | nindent 8 }}
      containers:
        - name: {{ .Chart.Name }}
          securityContext:
            {{- toYaml .Values.securityContext | nindent 12 }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          ports:
            - name: http
              containerPort: {{ .Values.service.port }}
              protocol: TCP
          livenessProbe:
            httpGet:
              path: /
              port: http
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
      {{- with .Values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
`,
    [`${chart}/templates/hpa.yaml`]: `{{- if .Values.autoscaling.enabled }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "api.fullname" . }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "api.fullname" . }}
  minReplicas: {{ .Values.autoscaling.minReplicas }}
  maxReplicas: {{ .Values.autoscaling.maxReplicas }}
  metrics:
    {{- if .Values.autoscaling.targetCPUUtilizationPercentage }}
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .Values.autoscaling.targetCPUUtilizationPercentage }}
    {{- end }}
{{- end }}
`,
    [`${chart}/templates/ingress.yaml`]: `{{- if .Values.ingress.enabled -}}
{{- $fullName := include "api.fullname" . -}}
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {{ $fullName }}
spec:
  rules:
    {{- range .Values.ingress.hosts }}
    - host: {{ .host | quote }}
    {{- end }}
{{- end }}
`,
    [`${chart}/templates/tests/test-connection.yaml`]: `apiVersion: v1
kind: Pod
metadata:
  name: "{{ include "api.fullname" . }}-test-connection"
  annotations:
    "helm.sh/hook": test
spec:
  containers:
    - name: wget
      image: busybox
      command: ['wget']
      args: ['{{ include "api.fullname" . }}:{{ .Values.service.port }}']
  restartPolicy: Never
`,
  };

  it('renders the Deployment with its defaults and leaves out disabled and test resources', async () => {
    const facts = await analyzeFiles(files);
    const resources = signalsOf(facts, 'k8s-resource');
    expect(resources.map(r => r.attributes.resourceKind)).toEqual([
      'Deployment',
    ]);
    expect(resources[0].attributes).toMatchObject({
      replicas: 1,
      hasResourceRequests: false,
      hasResourceLimits: false,
      probes: true,
      images: ['nginx:1.16.0'],
    });
    expect(signalsOf(facts, 'iac', 'helm')[0].attributes).toMatchObject({
      replicaCount: 1,
      autoscaling: { enabled: false, minReplicas: 1, maxReplicas: 100 },
      hasResourceRequests: false,
    });
  });
});
