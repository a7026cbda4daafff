import type * as k8s from "@pulumi/kubernetes";

const READ = ["get", "list", "watch"];

/**
 * What developers may do in a namespace: read workloads, their logs and events, and port-forward. No secrets, no
 * pods/exec or pods/attach, no writes, no wildcards (E7). Legacy names: k8s-developer-role / k8s-developer-rolebinding.
 */
export const DEVELOPER_RULES: k8s.types.input.rbac.v1.PolicyRule[] = [
    { apiGroups: [""], resources: ["pods", "pods/log", "services", "endpoints", "configmaps", "events"], verbs: READ },
    { apiGroups: ["apps"], resources: ["deployments", "replicasets", "statefulsets", "daemonsets"], verbs: READ },
    { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: READ },
    { apiGroups: ["networking.k8s.io"], resources: ["ingresses"], verbs: READ },
    // Endpoints are deprecated in favour of EndpointSlices (1.33); kubectl reads both.
    { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: READ },
    { apiGroups: ["events.k8s.io"], resources: ["events"], verbs: READ },
    { apiGroups: [""], resources: ["pods/portforward"], verbs: ["create"] },
];

export const DEVELOPER_ROLE_NAME = "k8s-developer-role";
export const DEVELOPER_ROLE_BINDING_NAME = "k8s-developer-rolebinding";
