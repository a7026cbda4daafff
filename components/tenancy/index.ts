export { PlatformEndpoints, Tenancy, TenancyArgs } from "./tenancy";
export { NamespaceProfile, NamespaceRole, PROFILES, PodSecurityLevel, ownedNamespaces, podSecurityLabels } from "./namespaces";
export {
    INGRESS_CONTROLLER_PORTS,
    OTLP_PORTS,
    POD_IDENTITY_AGENT_CIDR,
    PolicySpec,
    WEBHOOK_PORTS,
    networkPoliciesFor,
} from "./network-policies";
export { DOCKER_HUB_REGISTRY, dockerConfigJson } from "./pull-secret";
export { DEVELOPER_ROLE_BINDING_NAME, DEVELOPER_ROLE_NAME, DEVELOPER_RULES } from "./rbac";
