import { Findings, listForHumans, code } from './types';

/** Infrastructure resources that define alerts, in Terraform, Bicep and ARM. */
const ALERT_RESOURCES: Array<{ pattern: RegExp; tool: string; what: string }> =
  [
    {
      pattern: /^aws_cloudwatch_metric_alarm$/,
      tool: 'cloudwatch',
      what: 'CloudWatch alarms',
    },
    {
      pattern: /^google_monitoring_alert_policy$/,
      tool: 'cloud-monitoring',
      what: 'Cloud Monitoring alert policies',
    },
    {
      pattern:
        /^(azurerm_monitor_metric_alert|azurerm_monitor_scheduled_query_rules_alert(_v2)?|Microsoft\.Insights\/(metricAlerts|scheduledQueryRules))$/,
      tool: 'azure-monitor',
      what: 'Azure Monitor alerts',
    },
  ];

/** Alert definitions among declared resources (`type` with the name it is declared under). */
export function alertResources(
  findings: Findings,
  path: string,
  where: string,
  resources: Array<{ type: string; name: string }>,
) {
  for (const meaning of ALERT_RESOURCES) {
    const names = resources
      .filter(r => meaning.pattern.test(r.type))
      .map(r => r.name);
    if (names.length > 0) {
      findings.signal(
        'alert-rules',
        meaning.tool,
        path,
        `${where} defines ${meaning.what} ${listForHumans(names.map(code))}`,
        { alerts: names.map(name => ({ name, expr: '' })) },
      );
    }
  }
}
