import { analyzeFiles, rejectionsOf, signalsOf } from '../testUtils';

describe('container images', () => {
  it('resolves ARG defaults and stage references in FROM, wherever the Dockerfile is', async () => {
    const facts = await analyzeFiles({
      'docker/Dockerfile.serve': `# syntax=docker/dockerfile:1
ARG PYTHON_VERSION=3.11
ARG BASE=python:\${PYTHON_VERSION}-slim
FROM --platform=linux/amd64 \${BASE} AS builder
RUN pip wheel -r requirements.txt -w /wheels

FROM builder AS test
RUN pytest

FROM gcr.io/distroless/python3-debian12:nonroot
COPY --from=builder /wheels /wheels
USER nonroot
HEALTHCHECK CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8000/health')"]
EXPOSE 8000
CMD ["python", "-m", "uvicorn", "app.main:app"]
`,
      'services/llm/Containerfile':
        'FROM vllm/vllm-openai:v0.5.0\nENTRYPOINT ["python3", "-m", "vllm.entrypoints.openai.api_server"]\n',
      'Dockerfile.empty': '# nothing here yet\n',
    });
    const images = signalsOf(facts, 'container-image');
    const serve = images.find(s => s.path === 'docker/Dockerfile.serve')!;
    expect(serve.attributes).toMatchObject({
      baseImages: [
        'python:3.11-slim',
        'python:3.11-slim',
        'gcr.io/distroless/python3-debian12:nonroot',
      ],
      stages: 3,
      runsAsRoot: false,
      healthcheck: true,
      exposedPorts: ['8000'],
    });
    expect(serve.detail).toBe(
      'docker/Dockerfile.serve builds an image on `gcr.io/distroless/python3-debian12:nonroot` (3-stage build)',
    );
    expect(
      images.find(s => s.path === 'services/llm/Containerfile')!.attributes
        .runsAsRoot,
    ).toBe(true);
    expect(signalsOf(facts, 'serving', 'vllm')).toHaveLength(1);
    expect(rejectionsOf(facts, 'container-image')[0].reason).toMatch(
      /Dockerfile.empty has no FROM instruction/,
    );
  });
});

describe('unresolvable base images', () => {
  it('keeps an ARG without default as written', async () => {
    const facts = await analyzeFiles({
      Dockerfile:
        'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nRUN pip install -r requirements.txt\n',
    });
    expect(
      signalsOf(facts, 'container-image')[0].attributes.baseImages,
    ).toEqual(['${BASE_IMAGE}']);
  });
});

describe('development containers', () => {
  it('does not take a Dev Container or Gitpod image for an image of the service', async () => {
    const facts = await analyzeFiles({
      '.devcontainer/Dockerfile':
        'FROM mcr.microsoft.com/devcontainers/python:3.11\nRUN pip install -r requirements-dev.txt\n',
      '.devcontainer.json': `{
  // Dev Containers allow comments
  "name": "fraud",
  "build": { "dockerfile": "docker/dev.Dockerfile", "context": "." }
}`,
      'docker/dev.Dockerfile': 'FROM python:3.12\nRUN pip install jupyterlab\n',
      '.gitpod.Dockerfile': 'FROM gitpod/workspace-python\n',
    });
    expect(signalsOf(facts, 'container-image')).toHaveLength(0);
    expect(rejectionsOf(facts, 'container-image').map(r => r.reason)).toEqual([
      '.gitpod.Dockerfile builds the Gitpod workspace image, not an image of the service',
      'docker/dev.Dockerfile builds the Dev Container that .devcontainer.json defines for the development environment, not an image of the service',
    ]);
  });
});

describe('AWS Lambda container images', () => {
  it('recognises an image on a Lambda base image whose handler loads the model', async () => {
    const facts = await analyzeFiles({
      'serving/Dockerfile': `FROM public.ecr.aws/lambda/python:3.12
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY app.py model.joblib ./
CMD [ "app.handler" ]
`,
      'serving/app.py': `import json
import joblib

model = joblib.load("model.joblib")


def handler(event, context):
    features = json.loads(event["body"])["features"]
    return {"statusCode": 200, "body": json.dumps({"score": float(model.predict([features])[0])})}
`,
      'tools/Dockerfile':
        'FROM public.ecr.aws/lambda/python:3.12\nCMD [ "cleanup.handler" ]\n',
      'tools/cleanup.py':
        'def handler(event, context):\n    return {"deleted": 0}\n',
    });
    const lambda = signalsOf(facts, 'serving', 'aws-lambda');
    expect(lambda).toHaveLength(1);
    expect(lambda[0]).toMatchObject({
      path: 'serving/Dockerfile',
      attributes: {
        platform: 'aws-lambda',
        declaredIn: 'dockerfile',
        orchestrated: true,
        handler: 'app.handler',
      },
    });
    expect(lambda[0].detail).toContain('serving/app.py calls `joblib.load`');
  });
});
