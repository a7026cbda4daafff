/**
 * Where Alertmanager listens, for the parts of the platform that send it alerts (Flux's notification-controller) and
 * the NetworkPolicies that let them. A leaf module: the tenancy and gitops layers import it without the chart.
 */

/** Helm release name, fixed: it prefixes every object's name, and renaming it would reinstall the whole stack. */
export const KUBE_PROMETHEUS_STACK_RELEASE = "kube-prometheus-stack";
/** Alertmanager's web port: the operator's container port `http-web`, and the port of the chart's Service. */
export const ALERTMANAGER_PORT = 9093;
/**
 * Labels of the Alertmanager pods the Prometheus operator makes for this release; the chart's Service
 * `<release>-alertmanager` selects exactly these.
 */
export const ALERTMANAGER_POD_LABELS = {
    "app.kubernetes.io/name": "alertmanager",
    alertmanager: `${KUBE_PROMETHEUS_STACK_RELEASE}-alertmanager`,
} as const;

/**
 * Alertmanager's API v2 alerts endpoint through the chart's Service, in the form Flux's `alertmanager` Provider
 * documents (notification-controller v1.9.3, docs/spec/v1beta3/providers.md: `.../api/v2/alerts/`).
 */
export function alertmanagerAlertsUrl(namespace: string): string {
    return `http://${KUBE_PROMETHEUS_STACK_RELEASE}-alertmanager.${namespace}:${ALERTMANAGER_PORT}/api/v2/alerts/`;
}
