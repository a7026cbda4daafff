export { INGRESS_CLASS, RELEASE_TIMEOUT_SECONDS } from "./common";
export { FLUENT_BIT_CHART, FLUENT_BIT_CHART_VERSION, Logs, LogsArgs, LogsValuesArgs, logsValues } from "./logs";
export { KUBE_PROMETHEUS_STACK_CHART, KUBE_PROMETHEUS_STACK_RELEASE, KUBE_PROMETHEUS_STACK_VERSION, GRAFANA_ADMIN_SECRET, Metrics, MetricsArgs, MetricsValuesArgs, metricsValues } from "./metrics";
export {
    LOGS_SEARCH_ACTIONS, LOGS_SERVICE_ACCOUNT, ObservabilityRoles, ObservabilityRolesArgs, TRACES_SEARCH_ACTIONS, TRACES_SERVICE_ACCOUNT,
    searchAccessPolicy, searchDomainArn,
} from "./roles";
export { JAEGER_CHART, JAEGER_CHART_VERSION, JAEGER_IMAGE_TAG, Traces, otlpEndpoint, TracesArgs, TracesValuesArgs, jaegerConfig, tracesValues } from "./traces";
