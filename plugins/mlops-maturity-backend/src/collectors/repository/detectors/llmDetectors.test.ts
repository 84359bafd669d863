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
      signalsOf(facts, 'llm-usage-tracking', 'litellm')[0].attributes.callbacks,
    ).toEqual(['langfuse', 'prometheus']);
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
    expect(facts.signals.filter(s => s.path === 'app/plain.py')).toEqual([]);
  });
});
