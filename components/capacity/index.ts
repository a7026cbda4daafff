export { KARPENTER_NAMESPACE, KARPENTER_SERVICE_ACCOUNT, KARPENTER_VERSION, Karpenter, KarpenterArgs, nodePoolOptions } from "./karpenter";
export { INTERRUPTION_EVENTS, InterruptionQueue, interruptionQueuePolicy } from "./interruption";
export { ControllerPolicyArgs, controllerPolicy } from "./iam";
export { KUBECTL_IMAGE, OfficeHoursSleep, sleepCommands } from "./sleep";
export {
    AMI_ALIAS,
    ASLEEP_LIMITS,
    DISCOVERY_TAG,
    NODE_CLASS_NAME,
    NODE_POOL_NAME,
    businessHoursWindow,
    cronJobSchedule,
    disruptionBudgets,
    karpenterValues,
    nodeClassSpec,
    nodePoolLimits,
    nodePoolSpec,
} from "./spec";
