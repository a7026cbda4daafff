export { Cluster, ClusterArgs, NodeAdmission } from "./cluster";
export { PodIdentityRole, PodIdentityRoleArgs } from "./pod-identity";
export {
    ADDON_VERSIONS,
    AddonVersions,
    CLOUDWATCH_AGENT_POLICY_ARN,
    CLOUDWATCH_NAMESPACE,
    CLOUDWATCH_OBSERVABILITY_CONFIGURATION,
    CLOUDWATCH_SERVICE_ACCOUNT,
    VPC_CNI_CONFIGURATION,
    addonVersionsFor,
} from "./addons";
export { NODE_AMI_TYPE } from "./nodes";
export { checkAccess } from "./access-entries";
export {
    CLUSTER_ADMIN_POLICY_ARN,
    CLUSTER_LOG_TYPES,
    SYSTEM_TAINT,
    PREVIEW_POLICY_ARN,
    IMDS_HOP_LIMIT,
    NODE_POLICY_ARNS,
    eksClusterOptions,
    endpointAccess,
    nodeGroupSettings,
    principalKeys,
    roleArnOf,
} from "./options";
