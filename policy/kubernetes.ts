import * as k8s from "@pulumi/kubernetes";
import type { PolicyResource, PropsOf, ResourceOf } from "./types";
import { asClass } from "./view";

/*
 * The Kubernetes kinds the rules read, as the SDK's classes. Only the API versions EKS serves are listed: every
 * version in the policy pack's EKS calendar (1.31 on) has dropped the beta workload APIs (apps/v1beta*,
 * extensions/v1beta1, batch/v1beta1, networking.k8s.io/v1beta1), and the Kubernetes provider refuses them at preview.
 */

/** Controllers that keep pods running. */
export const POD_CONTROLLERS = [k8s.apps.v1.Deployment, k8s.apps.v1.StatefulSet, k8s.apps.v1.DaemonSet] as const;
/** Workloads that run to completion. */
export const RUN_TO_COMPLETION = [k8s.batch.v1.Job, k8s.batch.v1.CronJob] as const;
/** Every kind that carries a pod spec, directly (Pod) or in a template. */
export const POD_OWNERS = [
    ...POD_CONTROLLERS,
    ...RUN_TO_COMPLETION,
    k8s.core.v1.Pod,
    k8s.apps.v1.ReplicaSet,
    k8s.core.v1.ReplicationController,
] as const;

export type PodOwner = ResourceOf<typeof POD_OWNERS>;
/** A pod template: the labels and annotations its pods get, and their spec. */
export type PodTemplate = NonNullable<NonNullable<PropsOf<typeof k8s.apps.v1.Deployment>["spec"]>["template"]>;
export type PodSpec = NonNullable<PodTemplate["spec"]>;
export type Container = NonNullable<PodSpec["containers"]>[number];

/** Kubernetes kind of a kubernetes:<group/version>:<Kind> token, for messages. */
export const kindOf = (r: PolicyResource<unknown>) => r.type.split(":")[2] ?? "";

/** Where a pod-owning kind keeps its pod template; a Pod is its own. */
export function podTemplateOf(r: PodOwner): PodTemplate | undefined {
    const pod = asClass(r, k8s.core.v1.Pod);
    if (pod) return { metadata: pod.props.metadata, spec: pod.props.spec };
    const cron = asClass(r, k8s.batch.v1.CronJob);
    if (cron) return cron.props.spec?.jobTemplate?.spec?.template;
    const owner =
        asClass(r, k8s.apps.v1.Deployment) ??
        asClass(r, k8s.apps.v1.StatefulSet) ??
        asClass(r, k8s.apps.v1.DaemonSet) ??
        asClass(r, k8s.apps.v1.ReplicaSet) ??
        asClass(r, k8s.core.v1.ReplicationController) ??
        asClass(r, k8s.batch.v1.Job);
    return owner?.props.spec?.template;
}
