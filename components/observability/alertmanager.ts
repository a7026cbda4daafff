import { ALERTMANAGER_PORT, KUBE_PROMETHEUS_STACK_RELEASE } from "../platform-names";

/**
 * Alertmanager's API v2 alerts endpoint through the chart's Service, in the form Flux's `alertmanager` Provider
 * documents (notification-controller v1.9.3, docs/spec/v1beta3/providers.md: `.../api/v2/alerts/`).
 */
export function alertmanagerAlertsUrl(namespace: string): string {
    return `http://${KUBE_PROMETHEUS_STACK_RELEASE}-alertmanager.${namespace}:${ALERTMANAGER_PORT}/api/v2/alerts/`;
}
