/**
 * Enumerations the API server enforces for built-in types but that the published OpenAPI documents leave out
 * (kube-openapi emits `enum` only with the OpenAPIEnums generator option, which the served and checked-in documents
 * are built without). Values come from the Go API types' `+enum` constants (k8s.io/api, 1.35) and the validation
 * that rejects anything else (k8s.io/kubernetes pkg/apis/*\/validation). Only fields whose every value is listed.
 *
 * definition name -> property -> allowed values (for a list property, each item's allowed values).
 */
export const ENUMS: Record<string, Record<string, string[]>> = {
    "io.k8s.api.core.v1.Container": {
        imagePullPolicy: ["Always", "Never", "IfNotPresent"],
        terminationMessagePolicy: ["File", "FallbackToLogsOnError"],
    },
    "io.k8s.api.core.v1.EphemeralContainer": {
        imagePullPolicy: ["Always", "Never", "IfNotPresent"],
        terminationMessagePolicy: ["File", "FallbackToLogsOnError"],
    },
    "io.k8s.api.core.v1.PodSpec": {
        restartPolicy: ["Always", "OnFailure", "Never"],
        dnsPolicy: ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
        preemptionPolicy: ["PreemptLowerPriority", "Never"],
    },
    "io.k8s.api.core.v1.ContainerPort": { protocol: ["TCP", "UDP", "SCTP"] },
    "io.k8s.api.core.v1.ServicePort": { protocol: ["TCP", "UDP", "SCTP"] },
    "io.k8s.api.core.v1.ServiceSpec": {
        type: ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"],
        externalTrafficPolicy: ["Cluster", "Local"],
        internalTrafficPolicy: ["Cluster", "Local"],
        sessionAffinity: ["ClientIP", "None"],
        ipFamilyPolicy: ["SingleStack", "PreferDualStack", "RequireDualStack"],
        ipFamilies: ["IPv4", "IPv6"],
    },
    "io.k8s.api.core.v1.Toleration": {
        operator: ["Exists", "Equal"],
        effect: ["NoSchedule", "PreferNoSchedule", "NoExecute"],
    },
    "io.k8s.api.core.v1.Taint": { effect: ["NoSchedule", "PreferNoSchedule", "NoExecute"] },
    "io.k8s.api.core.v1.SeccompProfile": { type: ["Unconfined", "RuntimeDefault", "Localhost"] },
    "io.k8s.api.core.v1.AppArmorProfile": { type: ["Unconfined", "RuntimeDefault", "Localhost"] },
    "io.k8s.api.core.v1.SecurityContext": { procMount: ["Default", "Unmasked"] },
    "io.k8s.api.core.v1.PodSecurityContext": { fsGroupChangePolicy: ["OnRootMismatch", "Always"] },
    "io.k8s.api.core.v1.HostPathVolumeSource": {
        type: ["", "DirectoryOrCreate", "Directory", "FileOrCreate", "File", "Socket", "CharDevice", "BlockDevice"],
    },
    "io.k8s.api.core.v1.PersistentVolumeClaimSpec": {
        accessModes: ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"],
        volumeMode: ["Block", "Filesystem"],
    },
    "io.k8s.api.core.v1.NodeSelectorRequirement": { operator: ["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"] },
    "io.k8s.api.core.v1.TopologySpreadConstraint": {
        whenUnsatisfiable: ["DoNotSchedule", "ScheduleAnyway"],
        nodeAffinityPolicy: ["Honor", "Ignore"],
        nodeTaintsPolicy: ["Honor", "Ignore"],
    },
    "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement": { operator: ["In", "NotIn", "Exists", "DoesNotExist"] },
    "io.k8s.api.apps.v1.DeploymentStrategy": { type: ["Recreate", "RollingUpdate"] },
    "io.k8s.api.apps.v1.DaemonSetUpdateStrategy": { type: ["RollingUpdate", "OnDelete"] },
    "io.k8s.api.apps.v1.StatefulSetUpdateStrategy": { type: ["RollingUpdate", "OnDelete"] },
    "io.k8s.api.apps.v1.StatefulSetSpec": { podManagementPolicy: ["OrderedReady", "Parallel"] },
    "io.k8s.api.batch.v1.CronJobSpec": { concurrencyPolicy: ["Allow", "Forbid", "Replace"] },
    "io.k8s.api.batch.v1.JobSpec": { completionMode: ["NonIndexed", "Indexed"], podReplacementPolicy: ["TerminatingOrFailed", "Failed"] },
    "io.k8s.api.networking.v1.NetworkPolicySpec": { policyTypes: ["Ingress", "Egress"] },
    "io.k8s.api.networking.v1.NetworkPolicyPort": { protocol: ["TCP", "UDP", "SCTP"] },
    "io.k8s.api.networking.v1.HTTPIngressPath": { pathType: ["Exact", "Prefix", "ImplementationSpecific"] },
    "io.k8s.api.policy.v1.PodDisruptionBudgetSpec": { unhealthyPodEvictionPolicy: ["IfHealthyBudget", "AlwaysAllow"] },
    "io.k8s.api.storage.v1.StorageClass": {
        reclaimPolicy: ["Delete", "Retain", "Recycle"],
        volumeBindingMode: ["Immediate", "WaitForFirstConsumer"],
    },
    "io.k8s.api.admissionregistration.v1.ValidatingWebhook": {
        failurePolicy: ["Ignore", "Fail"],
        matchPolicy: ["Exact", "Equivalent"],
        sideEffects: ["Unknown", "None", "Some", "NoneOnDryRun"],
    },
    "io.k8s.api.admissionregistration.v1.MutatingWebhook": {
        failurePolicy: ["Ignore", "Fail"],
        matchPolicy: ["Exact", "Equivalent"],
        sideEffects: ["Unknown", "None", "Some", "NoneOnDryRun"],
        reinvocationPolicy: ["Never", "IfNeeded"],
    },
    "io.k8s.api.autoscaling.v2.MetricSpec": { type: ["Object", "Pods", "Resource", "ContainerResource", "External"] },
    "io.k8s.api.autoscaling.v2.MetricTarget": { type: ["Utilization", "Value", "AverageValue"] },
    "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionSpec": { scope: ["Cluster", "Namespaced"] },
};
