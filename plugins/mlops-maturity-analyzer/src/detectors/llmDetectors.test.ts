import { analyzeFiles, rejectionsOf, signalsOf } from '../testUtils';

describe('LLM practices', () => {
  it('recognises a promptfoo suite with tests and assertions, and rejects empty ones', async () => {
    const facts = await analyzeFiles({
      'evals/promptfooconfig.yaml': `description: Support bot regression
prompts: [file://prompts/answer.txt]
providers: [openai:gpt-4o-mini]
defaultTest:
  assert:
    - type: llm-rubric
      value: does not reveal internal policies
tests:
  - vars: { question: How do I reset my password? }
    assert:
      - type: contains
        value: reset link
  - vars: { question: What is your refund policy? }
  - file://tests/cases.csv
`,
      'evals/tests/cases.csv':
        'question,__expected\nhi,contains:hello\nbye,contains:goodbye\n',
      'evals/empty/promptfooconfig.yaml':
        'prompts: [hello]\nproviders: [openai:gpt-4o]\ntests: []\n',
      'evals/noassert/promptfooconfig.yaml':
        'prompts: [hello]\nproviders: [openai:gpt-4o]\ntests:\n  - vars: { q: hi }\n',
    });
    const [suite] = signalsOf(facts, 'llm-eval', 'promptfoo');
    expect(suite.attributes).toMatchObject({
      tests: 4,
      providers: ['openai:gpt-4o-mini'],
    });
    expect(suite.attributes.asserts).toBeGreaterThanOrEqual(2);
    expect(
      rejectionsOf(facts, 'llm-eval')
        .map(r => r.reason)
        .sort(),
    ).toEqual([
      expect.stringMatching(/empty\/promptfooconfig.yaml has no test cases/),
      expect.stringMatching(
        /noassert\/promptfooconfig.yaml has 1 test case but no assertions/,
      ),
    ]);
  });

  it('recognises ragas, deepeval and Azure AI evaluation code, and rejects deepeval without test cases', async () => {
    const facts = await analyzeFiles({
      'evals/rag_eval.py':
        'from ragas import evaluate\nfrom ragas.metrics import faithfulness\nresult = evaluate(dataset, metrics=[faithfulness])\n',
      'tests/test_answers.py': `from deepeval import assert_test
from deepeval.metrics import AnswerRelevancyMetric
from deepeval.test_case import LLMTestCase

def test_answer_relevancy():
    case = LLMTestCase(input="Reset password?", actual_output=answer("Reset password?"))
    assert_test(case, [AnswerRelevancyMetric(threshold=0.7)])
`,
      'evals/azure_eval.py':
        'from azure.ai.evaluation import evaluate, GroundednessEvaluator\nevaluate(data="data.jsonl", evaluators={"g": GroundednessEvaluator(cfg)})\n',
      'evals/stub.py': 'import deepeval\n',
    });
    expect(
      signalsOf(facts, 'llm-eval')
        .map(s => s.tool)
        .sort(),
    ).toEqual(['azure-ai-evaluation', 'deepeval', 'ragas']);
    expect(rejectionsOf(facts, 'llm-eval')[0].reason).toMatch(
      /stub.py imports deepeval but defines no test cases/,
    );
  });

  it('reads a LiteLLM proxy config: auth, limits, PII masking, guardrails and usage callbacks', async () => {
    const facts = await analyzeFiles({
      'gateway/litellm/config.yaml': `model_list:
  - model_name: gpt-4o
    litellm_params:
      model: azure/gpt-4o
      api_base: os.environ/AZURE_API_BASE
      rpm: 600
  - model_name: claude
    litellm_params: { model: anthropic/claude-3-5-sonnet }
litellm_settings:
  success_callback: ["langfuse", "prometheus"]
guardrails:
  - guardrail_name: pii-mask
    litellm_params: { guardrail: presidio, mode: pre_call }
  - guardrail_name: prompt-injection
    litellm_params: { guardrail: lakera_prompt_injection, mode: during_call }
general_settings:
  master_key: os.environ/LITELLM_MASTER_KEY
  database_url: os.environ/DATABASE_URL
`,
      'gateway/open/config.yaml':
        'model_list:\n  - model_name: gpt-4o\n    litellm_params: { model: openai/gpt-4o }\n',
    });
    const gateways = signalsOf(facts, 'llm-gateway', 'litellm');
    expect(
      gateways.find(g => g.path.startsWith('gateway/litellm'))!.attributes,
    ).toMatchObject({
      models: ['gpt-4o', 'claude'],
      authEnabled: true,
      rateLimits: true,
      guardrails: ['pii-mask', 'prompt-injection'],
    });
    expect(
      gateways.find(g => g.path.startsWith('gateway/open'))!.attributes,
    ).toMatchObject({ authEnabled: false, rateLimits: false });
    expect(signalsOf(facts, 'privacy-filter', 'litellm')).toHaveLength(1);
    expect(
      signalsOf(facts, 'guardrails', 'litellm')[0].attributes.guardrails,
    ).toEqual(['prompt-injection']);
    expect(
      signalsOf(facts, 'guardrails', 'litellm')[0].attributes.appliesTo,
    ).toEqual(['input']);
    expect(
      signalsOf(facts, 'llm-usage-tracking', 'litellm')[0].attributes.callbacks,
    ).toEqual(['langfuse', 'prometheus']);
  });

  it('reads a LiteLLM guardrail that lists several modes as applying to requests and responses', async () => {
    const facts = await analyzeFiles({
      'proxy/config.yaml': `model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o }
guardrails:
  - guardrail_name: general-guard
    litellm_params:
      guardrail: aim
      mode: [pre_call, post_call]
`,
    });
    expect(
      signalsOf(facts, 'guardrails', 'litellm')[0].attributes,
    ).toMatchObject({
      guardrails: ['general-guard'],
      modes: ['pre_call', 'post_call'],
      appliesTo: ['input', 'output'],
    });
  });

  it('recognises NeMo Guardrails, Guardrails AI, Presidio, feedback capture and token tracking in code', async () => {
    const facts = await analyzeFiles({
      'rails/config.yml': `models:
  - type: main
    engine: openai
    model: gpt-4o
rails:
  input:
    flows: [self check input, mask sensitive data on input]
  output:
    flows: [self check output]
`,
      'rails/flows.co':
        'define flow self check input\n  $allowed = execute self_check_input\n',
      'app/guard.py':
        'from guardrails import Guard\nfrom guardrails.hub import ToxicLanguage\nguard = Guard().use(ToxicLanguage, on_fail="exception")\n',
      'app/pii.py':
        'from presidio_analyzer import AnalyzerEngine\nfrom presidio_anonymizer import AnonymizerEngine\nanalyzer = AnalyzerEngine()\n',
      'app/api.py': `from fastapi import FastAPI
from openai import OpenAI
from prometheus_client import Counter

app = FastAPI()
client = OpenAI()
TOKENS = Counter("llm_tokens_total", "Tokens used", ["kind"])

@app.post("/chat")
def chat(q: str):
    response = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": q}])
    TOKENS.labels("total").inc(response.usage.total_tokens)
    return response.choices[0].message.content

@app.post("/feedback")
def feedback(item: dict):
    db.insert_feedback(item["trace_id"], item["thumbs_up"])
    return {"ok": True}
`,
      'app/ignored_feedback.py':
        'from fastapi import FastAPI\napp = FastAPI()\n\n@app.post("/feedback")\ndef feedback(item: dict):\n    return {"ok": True}\n',
      'web/src/feedback.ts': `import { Langfuse } from 'langfuse';
const langfuse = new Langfuse();
export async function thumbs(traceId: string, up: boolean) {
  await langfuse.score({ traceId, name: 'user-feedback', value: up ? 1 : 0 });
}
`,
    });
    expect(
      signalsOf(facts, 'guardrails')
        .map(s => s.tool)
        .sort(),
    ).toEqual(['guardrails-ai', 'nemo-guardrails']);
    expect(
      signalsOf(facts, 'guardrails', 'nemo-guardrails')[0].attributes
        .colangFiles,
    ).toEqual(['rails/flows.co']);
    expect(
      signalsOf(facts, 'privacy-filter')
        .map(s => s.tool)
        .sort(),
    ).toEqual(['nemo-guardrails', 'presidio']);
    expect(
      signalsOf(facts, 'user-feedback')
        .map(s => s.path)
        .sort(),
    ).toEqual(['app/api.py', 'web/src/feedback.ts']);
    expect(rejectionsOf(facts, 'user-feedback')[0].reason).toMatch(
      /does not store what it receives/,
    );
    expect(
      signalsOf(facts, 'llm-usage-tracking')
        .map(s => s.tool)
        .sort(),
    ).toEqual(['custom', 'prometheus-client']);
    expect(
      signalsOf(facts, 'serving', 'fastapi')[0].attributes.modelLoader,
    ).toBe('openai.OpenAI');
  });
});

describe('LLM configuration where deployments keep it', () => {
  it('counts promptfoo tests from globbed files and reads LiteLLM configs inside ConfigMaps and Helm charts', async () => {
    const facts = await analyzeFiles({
      'evals/promptfooconfig.yaml':
        'prompts: [file://prompt.txt]\nproviders: [openai:gpt-4o-mini]\ntests: file://cases/*.yaml\n',
      'evals/cases/billing.yaml':
        '- vars: { q: refund }\n  assert:\n    - type: contains\n      value: refund\n- vars: { q: invoice }\n  assert:\n    - type: llm-rubric\n      value: polite\n',
      'evals/cases/login.yaml':
        '- vars: { q: reset }\n  assert:\n    - type: icontains\n      value: link\n',
      'k8s/litellm-configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata: { name: litellm-config }
data:
  config.yaml: |
    model_list:
      - model_name: gpt-4o
        litellm_params: { model: azure/gpt-4o, tpm: 100000 }
    general_settings:
      master_key: os.environ/LITELLM_MASTER_KEY
`,
      'charts/gateway/Chart.yaml':
        'apiVersion: v2\nname: gateway\nversion: 0.1.0\n',
      'charts/gateway/values.yaml':
        'models:\n  - name: claude\n    model: anthropic/claude-3-5-sonnet\nauth:\n  enabled: false\n',
      'charts/gateway/templates/configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-litellm
data:
  proxy.yaml: |
    model_list:
    {{- range .Values.models }}
      - model_name: {{ .name }}
        litellm_params:
          model: {{ .model }}
    {{- end }}
    {{- if .Values.auth.enabled }}
    general_settings:
      master_key: os.environ/MASTER_KEY
    {{- end }}
`,
    });
    expect(
      signalsOf(facts, 'llm-eval', 'promptfoo')[0].attributes,
    ).toMatchObject({ tests: 3, asserts: 3 });
    const gateways = signalsOf(facts, 'llm-gateway', 'litellm');
    expect(
      gateways.map(g => [
        g.path,
        g.attributes.authEnabled,
        g.attributes.rateLimits,
      ]),
    ).toEqual([
      ['charts/gateway/templates/configmap.yaml', false, false],
      ['k8s/litellm-configmap.yaml', true, true],
    ]);
    expect(gateways[1].detail).toContain(
      'k8s/litellm-configmap.yaml (config.yaml)',
    );
  });
});

describe('LLM code practices', () => {
  it('recognises LangSmith evaluations, structured output validation and usage instrumentation', async () => {
    const facts = await analyzeFiles({
      'evals/langsmith_eval.py': `from langsmith import Client
from langsmith.evaluation import evaluate

def correctness(run, example):
    return {"score": run.outputs["answer"] == example.outputs["answer"]}

evaluate(answer_question, data="support-golden-set", evaluators=[correctness])
`,
      'app/extract.py': `from openai import OpenAI
from pydantic import BaseModel

class Invoice(BaseModel):
    total: float
    currency: str

client = OpenAI()
completion = client.beta.chat.completions.parse(model="gpt-4o", messages=[], response_format=Invoice)
`,
      'app/traced.py': `from langfuse.decorators import observe
from langfuse.openai import openai

@observe()
def answer(question: str) -> str:
    return openai.chat.completions.create(model="gpt-4o", messages=[]).choices[0].message.content
`,
      'app/plain.py':
        'from openai import OpenAI\nclient = OpenAI()\nprint(client.models.list())\n',
    });
    expect(signalsOf(facts, 'llm-eval', 'langsmith')).toHaveLength(1);
    expect(signalsOf(facts, 'guardrails', 'pydantic')[0].path).toBe(
      'app/extract.py',
    );
    expect(signalsOf(facts, 'llm-usage-tracking', 'langfuse')[0].path).toBe(
      'app/traced.py',
    );
    expect(
      facts.signals.filter(
        s => s.path === 'app/plain.py' && s.kind !== 'llm-framework',
      ),
    ).toEqual([]);
  });
});

describe('LLM evaluation suites as their tools write them', () => {
  it('counts the cases of an Azure AI Evaluation run, and rejects a run without data or over an empty dataset', async () => {
    const facts = await analyzeFiles({
      'evals/run_eval.py': `from azure.ai.evaluation import evaluate, GroundednessEvaluator, RelevanceEvaluator, ViolenceEvaluator
from azure.identity import DefaultAzureCredential
from app.chat import chat

model_config = {"azure_endpoint": os.environ["AZURE_OPENAI_ENDPOINT"], "azure_deployment": "gpt-4o"}

result = evaluate(
    data="evals/questions.jsonl",
    target=chat,
    evaluators={
        "groundedness": GroundednessEvaluator(model_config),
        "relevance": RelevanceEvaluator(model_config),
        "violence": ViolenceEvaluator(azure_ai_project=project, credential=DefaultAzureCredential()),
    },
    evaluator_config={"default": {"column_mapping": {"query": "\${data.query}", "response": "\${target.response}"}}},
    output_path="./eval_results.json",
)
`,
      'evals/questions.jsonl':
        '{"query": "What tents do you sell?", "context": "tents"}\n{"query": "Is the TrailMaster waterproof?", "context": "jackets"}\n{"query": "How long is shipping?", "context": "policy"}\n',
      'evals/no_data.py': `from azure.ai.evaluation import evaluate, RelevanceEvaluator

evaluate(evaluators={"relevance": RelevanceEvaluator(model_config)}, output_path="out.json")
`,
      'evals/empty_run.py': `from azure.ai.evaluation import evaluate, FluencyEvaluator

evaluate(data="evals/empty.jsonl", evaluators={"fluency": FluencyEvaluator(model_config)})
`,
      'evals/empty.jsonl': '\n',
      'evals/test_cases_empty.py': `from deepeval import evaluate
from deepeval.dataset import EvaluationDataset
from deepeval.metrics import AnswerRelevancyMetric

dataset = EvaluationDataset(goldens=[])
evaluate(test_cases=[], metrics=[AnswerRelevancyMetric()])
`,
    });
    const [suite] = signalsOf(facts, 'llm-eval', 'azure-ai-evaluation');
    expect(suite).toMatchObject({
      path: 'evals/run_eval.py',
      attributes: { cases: 3, dataset: 'evals/questions.jsonl' },
    });
    expect(signalsOf(facts, 'llm-eval')).toHaveLength(1);
    expect(
      rejectionsOf(facts, 'llm-eval')
        .map(r => r.reason)
        .sort(),
    ).toEqual([
      'evals/empty_run.py evaluates the dataset evals/empty.jsonl, which has no rows',
      'evals/no_data.py calls `evaluate` without data, so it evaluates nothing',
      'evals/test_cases_empty.py calls `deepeval.evaluate` with `[]` as its data, so it evaluates nothing',
    ]);
  });

  it('reads the data of mlflow.genai.evaluate from its first argument and of mlflow.evaluate from its second', async () => {
    const facts = await analyzeFiles({
      'evals/genai_eval.py': `import mlflow
from mlflow.genai.scorers import Correctness, Safety

results = mlflow.genai.evaluate("evals/cases.jsonl", scorers=[Correctness(), Safety()], predict_fn=answer)
`,
      'evals/cases.jsonl':
        '{"inputs": {"question": "What is MLflow?"}}\n{"inputs": {"question": "What is a run?"}}\n',
      'evals/classic_eval.py': `import mlflow

mlflow.evaluate(model_uri, "evals/qa.jsonl", model_type="question-answering")
`,
      'evals/qa.jsonl': '{"inputs": "a", "ground_truth": "b"}\n',
      'evals/empty_genai.py': `import mlflow

mlflow.genai.evaluate([], scorers=[Safety()])
`,
    });
    expect(
      signalsOf(facts, 'llm-eval', 'mlflow')
        .map(s => [s.path, s.attributes.cases, s.attributes.dataset])
        .sort(),
    ).toEqual([
      ['evals/classic_eval.py', 1, 'evals/qa.jsonl'],
      ['evals/genai_eval.py', 2, 'evals/cases.jsonl'],
    ]);
    expect(rejectionsOf(facts, 'llm-eval').map(r => r.reason)).toEqual([
      'evals/empty_genai.py calls `mlflow.evaluate` with `[]` as its data, so it evaluates nothing',
    ]);
  });

  it('recognises Prompty evaluators run over a dataset', async () => {
    const facts = await analyzeFiles({
      'src/evaluators/coherence.prompty': `---
name: Coherence Evaluation
description: Scores how well the sentences of an answer fit together, from 1 to 5.
model:
  api: chat
  configuration:
    type: azure_openai
    azure_deployment: gpt-4o
inputs:
  question:
    type: string
  answer:
    type: string
---
system:
Rate the coherence of the answer on a scale of 1 to 5. Reply with the number only.
user:
question: {{question}}
answer: {{answer}}
`,
      'src/evaluators/coherence.py': `import prompty
import prompty.azure

def coherence(question, answer):
    return prompty.execute("coherence.prompty", inputs={"question": question, "answer": answer})
`,
      'src/run_evals.py': `import pandas as pd
from evaluators.coherence import coherence
from shop.chat import get_response

df = pd.read_json("./evaluators/questions.jsonl", lines=True)
for _, row in df.iterrows():
    answer = get_response(row["question"])
    print(coherence(row["question"], answer))
`,
      'src/evaluators/questions.jsonl':
        '{"question": "Which boots are waterproof?"}\n{"question": "Do you ship abroad?"}\n',
    });
    expect(signalsOf(facts, 'llm-eval', 'prompty')).toEqual([
      expect.objectContaining({
        path: 'src/run_evals.py',
        attributes: expect.objectContaining({
          cases: 2,
          evaluators: ['src/evaluators/coherence.prompty'],
        }),
      }),
    ]);
  });

  it('recognises prompt flow evaluation flows and counts the data their runs get', async () => {
    const facts = await analyzeFiles({
      'flows/classify/flow.dag.yaml': `$schema: https://azuremlschemas.azureedge.net/promptflow/latest/Flow.schema.json
inputs:
  url:
    type: string
outputs:
  category:
    type: string
    reference: \${classify.output}
nodes:
- name: classify
  type: llm
  source:
    type: code
    path: classify.jinja2
  inputs:
    deployment_name: gpt-4o
    url: \${inputs.url}
  connection: aoai
  api: chat
`,
      'flows/classify/classify.jinja2':
        'system:\nClassify the web page into App, Channel or Academic.\nuser:\nURL: {{url}}\n',
      'flows/eval_accuracy/flow.dag.yaml': `$schema: https://azuremlschemas.azureedge.net/promptflow/latest/Flow.schema.json
inputs:
  groundtruth:
    type: string
  prediction:
    type: string
outputs:
  grade:
    type: string
    reference: \${grade.output}
nodes:
- name: grade
  type: python
  source:
    type: code
    path: grade.py
  inputs:
    groundtruth: \${inputs.groundtruth}
    prediction: \${inputs.prediction}
- name: calculate_accuracy
  type: python
  source:
    type: code
    path: calculate_accuracy.py
  inputs:
    grades: \${grade.output}
  aggregation: true
`,
      'flows/eval_accuracy/run_evaluation.yaml': `$schema: https://azuremlschemas.azureedge.net/promptflow/latest/Run.schema.json
flow: .
data: ../../data/labelled.jsonl
run: <base-run-name>
column_mapping:
  groundtruth: \${data.answer}
  prediction: \${run.outputs.category}
`,
      'data/labelled.jsonl':
        '{"url": "https://a.example", "answer": "App"}\n{"url": "https://b.example", "answer": "Academic"}\n',
    });
    expect(signalsOf(facts, 'llm-eval', 'promptflow')).toEqual([
      expect.objectContaining({
        path: 'flows/eval_accuracy/flow.dag.yaml',
        attributes: expect.objectContaining({
          cases: 2,
          metrics: ['calculate_accuracy'],
        }),
      }),
    ]);
    expect(signalsOf(facts, 'prompt-template', 'promptflow')).toEqual([
      expect.objectContaining({
        path: 'flows/classify/flow.dag.yaml',
        attributes: { templates: ['flows/classify/classify.jinja2'] },
      }),
    ]);
  });
});

describe('LLM guardrails on the output of the running service', () => {
  const app = `from fastapi import FastAPI, HTTPException
from openai import AzureOpenAI
from safety import check_output

app = FastAPI()
client = AzureOpenAI()

@app.post("/chat")
def chat(question: str):
    completion = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": question}])
    return check_output(completion.choices[0].message.content)
`;

  it('tells content safety on the answer from a filter on the prompt', async () => {
    const facts = await analyzeFiles({
      'app/main.py': app,
      'app/safety.py': `from azure.ai.contentsafety import ContentSafetyClient
from azure.ai.contentsafety.models import AnalyzeTextOptions

client = ContentSafetyClient(endpoint, credential)

def _harmful(text):
    result = client.analyze_text(AnalyzeTextOptions(text=text))
    return any(c.severity > 2 for c in result.categories_analysis)

def check_output(answer):
    return "I cannot answer that." if _harmful(answer) else answer
`,
    });
    expect(signalsOf(facts, 'guardrails', 'azure-content-safety')).toEqual([
      expect.objectContaining({
        path: 'app/safety.py',
        attributes: expect.objectContaining({
          appliesTo: ['output'],
          runtime: true,
        }),
      }),
    ]);
  });

  it("marks moderation of the user's prompt alone as input-only", async () => {
    const facts = await analyzeFiles({
      'app/main.py': `from fastapi import FastAPI, HTTPException
from openai import OpenAI

app = FastAPI()
client = OpenAI()

@app.post("/chat")
def chat(user_prompt: str):
    moderation = client.moderations.create(model="omni-moderation-latest", input=user_prompt)
    if moderation.results[0].flagged:
        raise HTTPException(400, "Rejected")
    completion = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": user_prompt}])
    return completion.choices[0].message.content
`,
    });
    expect(
      signalsOf(facts, 'guardrails', 'openai-moderation')[0].attributes,
    ).toMatchObject({ appliesTo: ['input'], runtime: true });
  });

  it('marks validation in evaluation code the service never runs as outside the runtime', async () => {
    const facts = await analyzeFiles({
      'app/main.py': app,
      'app/safety.py': 'def check_output(answer):\n    return answer.strip()\n',
      'pipelines/steps/judge.py': `from litellm import completion
from pydantic import BaseModel

class Verdict(BaseModel):
    is_good_response: bool
    reasoning: str

def judge(question, answer):
    raw = completion(model="gpt-4o", messages=[{"role": "user", "content": question + answer}])
    return Verdict.model_validate_json(raw.choices[0].message.content)
`,
    });
    expect(
      signalsOf(facts, 'guardrails', 'pydantic')[0].attributes,
    ).toMatchObject({ appliesTo: ['output'], runtime: false });
  });

  it('reads which side NeMo rails and LiteLLM guardrails check', async () => {
    const facts = await analyzeFiles({
      'rails/config.yml':
        'models: [{ type: main, engine: openai, model: gpt-4o }]\nrails:\n  input:\n    flows: [self check input]\n',
      'gateway/config.yaml': `model_list:
  - model_name: gpt-4o
    litellm_params: { model: azure/gpt-4o }
guardrails:
  - guardrail_name: injection
    litellm_params: { guardrail: lakera_prompt_injection, mode: pre_call }
`,
    });
    expect(
      signalsOf(facts, 'guardrails').map(s => [s.tool, s.attributes.appliesTo]),
    ).toEqual([
      ['litellm', ['input']],
      ['nemo-guardrails', ['input']],
    ]);
  });
});

describe('LLM usage instrumentation and versioned prompts', () => {
  it('recognises OpenTelemetry GenAI instrumentation as token usage tracking', async () => {
    const facts = await analyzeFiles({
      'src/telemetry.py': `from opentelemetry.instrumentation.openai_v2 import OpenAIInstrumentor
from azure.monitor.opentelemetry import configure_azure_monitor

def setup():
    configure_azure_monitor(connection_string=os.environ["APPLICATIONINSIGHTS_CONNECTION_STRING"])
    OpenAIInstrumentor().instrument()
`,
    });
    expect(signalsOf(facts, 'llm-usage-tracking')).toEqual([
      expect.objectContaining({
        tool: 'opentelemetry',
        path: 'src/telemetry.py',
      }),
    ]);
  });

  it('recognises Prompty files, templates and prompt registries that the running service loads', async () => {
    const facts = await analyzeFiles({
      'api/main.py': `from fastapi import FastAPI
from api.chat import answer
from api.summary import summarize
from api.hub import triage

app = FastAPI()

@app.post("/chat")
def chat(q: str):
    return answer(q)
`,
      'api/chat.py': `import prompty
import prompty.azure

def answer(question):
    return prompty.execute("chat.prompty", inputs={"question": question})
`,
      'api/chat.prompty': `---
name: Shop assistant
model:
  api: chat
  configuration:
    type: azure_openai
    azure_deployment: gpt-4o-mini
  parameters:
    temperature: 0.2
---
system:
You are the shop's assistant. Answer from the catalogue only.
user:
{{question}}
`,
      'api/unused.prompty': `---
name: Old prompt
model:
  api: chat
---
user:
{{question}}
`,
      'api/summary.py': `from jinja2 import Environment, FileSystemLoader
from openai import OpenAI

env = Environment(loader=FileSystemLoader("api/templates"))
client = OpenAI()

def summarize(text):
    prompt = env.get_template("summary.j2").render(text=text)
    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": prompt}])
`,
      'api/templates/summary.j2':
        'Summarise the following support ticket in three bullet points:\n\n{{ text }}\n',
      'api/hub.py': `from langfuse import Langfuse

langfuse = Langfuse()

def triage(ticket):
    prompt = langfuse.get_prompt("ticket-triage", label="production")
    return prompt.compile(ticket=ticket)
`,
    });
    expect(
      signalsOf(facts, 'prompt-template').map(s => [s.tool, s.path]),
    ).toEqual([
      ['prompty', 'api/chat.prompty'],
      ['langfuse', 'api/hub.py'],
      ['template-file', 'api/templates/summary.j2'],
    ]);
    expect(rejectionsOf(facts, 'prompt-template')[0].reason).toBe(
      'api/unused.prompty is a Prompty prompt, but nothing in the running service loads it',
    );
  });

  it('finds no versioned prompt when prompts are only string literals in code', async () => {
    const facts = await analyzeFiles({
      'app.py': `import streamlit as st
from openai import OpenAI

SYSTEM = "You are a helpful assistant. Answer in {language}."
client = OpenAI()
question = st.chat_input()
st.write(client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": SYSTEM.format(language="English")}, {"role": "user", "content": question}]))
`,
    });
    expect(signalsOf(facts, 'prompt-template')).toEqual([]);
  });
});
