export {
    IngressController,
    IngressControllerArgs,
    IngressValuesArgs,
    ingressValues,
    NGINX_INGRESS_CHART,
    NGINX_INGRESS_CHART_VERSION,
    INGRESS_HEALTH_PATH,
    PRIORITY_CLASS_NAME,
    PRIORITY_CLASS_VALUE,
} from "./ingress-controller";
export { LoadBalancer, LoadBalancerArgs, ALB_SSL_POLICY, ALB_DESYNC_MITIGATION, ALB_IDLE_TIMEOUT_SECONDS } from "./load-balancer";
export { accessLogBucket, accessLogOptions, accessLogPolicy, ACCESS_LOG_PREFIX, ELB_LOG_DELIVERY_PRINCIPAL } from "./access-logs";
export {
    Dns,
    DnsArgs,
    zoneOptions,
    uniqueValidationRecords,
    certificateNames,
    validationKey,
    checkHosts,
    DELEGATION_TTL,
    VALIDATION_TIMEOUT,
} from "./dns";
export { AliasRecords, AliasRecordsArgs } from "./alias-records";
