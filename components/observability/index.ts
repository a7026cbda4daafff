export { alertmanagerAlertsUrl } from "./alertmanager";
export { RELEASE_TIMEOUT_SECONDS } from "./common";
export {
    FLUENT_BIT_CHART,
    FLUENT_BIT_CHART_VERSION,
    LOGS_BUFFER_LIMIT,
    LOGS_METRICS_PORT,
    LOGS_STORAGE_HOST_PATH,
    LOGS_STORAGE_PATH,
    Logs,
    LogsArgs,
    LogsValuesArgs,
    logsValues,
} from "./logs";
export {
    ALERTMANAGER_SERVICE_ACCOUNT,
    CRD_UPGRADE_BUSYBOX_TAG,
    KUBE_PROMETHEUS_STACK_CHART,
    KUBE_PROMETHEUS_STACK_VERSION,
    GRAFANA_ADMIN_SECRET,
    Metrics,
    MetricsArgs,
    MetricsValuesArgs,
    SILENT_ALERTS,
    UNREACHABLE_COMPONENTS,
    UNREACHABLE_RULE_GROUPS,
    alertmanagerConfig,
    alertmanagerPolicy,
    metricsValues,
} from "./metrics";
export {
    LOGS_SEARCH_ACTIONS,
    LOGS_SERVICE_ACCOUNT,
    ObservabilityRoles,
    ObservabilityRolesArgs,
    TRACES_SEARCH_ACTIONS,
    TRACES_SERVICE_ACCOUNT,
    searchAccessPolicy,
} from "./roles";
export {
    JAEGER_CHART,
    JAEGER_CHART_VERSION,
    JAEGER_IMAGE_TAG,
    JAEGER_METRICS_PORT,
    Traces,
    otlpEndpoint,
    TracesArgs,
    TracesValuesArgs,
    jaegerConfig,
    tracesValues,
} from "./traces";
export { MonitorNamespaces, MonitorSpec, PlatformMonitors, PlatformMonitorsArgs, monitorSpecs } from "./monitors";
export {
    SEARCH_SECURITY_IMAGE,
    SEARCH_SECURITY_SCRIPT,
    SEARCH_SECURITY_SERVICE_ACCOUNT,
    SEARCH_WRITER_ROLE,
    SEARCH_WRITER_ROLE_BODY,
    SearchSecurityMappings,
    SearchSecurityMappingsArgs,
    SearchSecurityRequest,
    searchSecurityConfigData,
    searchSecurityJobName,
    searchSecurityPodSpec,
    searchSecurityRequests,
} from "./search-mappings";
