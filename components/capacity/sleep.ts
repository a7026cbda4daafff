import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { OfficeHours } from "../../stacks/schedule";
import { ASLEEP_LIMITS, NODE_POOL_NAME, cronJobSchedule } from "./spec";

/** kubectl of the cluster's minor version (registry.k8s.io, the Kubernetes project's own image). */
export const KUBECTL_IMAGE = "registry.k8s.io/kubectl:v1.35.0";

export interface SleepArgs {
    namespace: string;
    hours: OfficeHours;
    /** The NodePool's daytime limits, restored at the start of office hours. */
    limits: { cpu: string; memory: string };
}

/** The two kubectl invocations of each end of the day, as container commands (the image has no shell). */
export function sleepCommands(limits: { cpu: string; memory: string }): { sleep: string[][]; wake: string[][] } {
    const patch = (l: { cpu: string; memory: string }) => [
        "kubectl",
        "patch",
        "nodepool",
        NODE_POOL_NAME,
        "--type",
        "merge",
        "-p",
        JSON.stringify({ spec: { limits: l } }),
    ];
    return {
        // Limits first, so nothing is launched for the pods the deletions evict; then every node of the pool goes
        // (Karpenter drains each, honouring PDBs up to the pool's terminationGracePeriod).
        sleep: [patch(ASLEEP_LIMITS), ["kubectl", "delete", "nodeclaims", "-l", `karpenter.sh/nodepool=${NODE_POOL_NAME}`, "--wait=false"]],
        wake: [patch(limits)],
    };
}

/** Why a pod mounts its token (policy K7 reads it). */
const TOKEN_REASON_ANNOTATION = "platform/service-account-token";

const RESTRICTED = {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: 65532,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
};

/**
 * Dev asleep out of hours: at the end of office hours a CronJob sets the NodePool's limits to zero and deletes its
 * nodes; at the start another puts the limits back, and Karpenter launches nodes for the pods that waited. Both run on
 * the system group (the only nodes left at night), in the office hours' time zone. Nothing to do by hand.
 */
export class OfficeHoursSleep extends pulumi.ComponentResource {
    constructor(name: string, args: SleepArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:capacity:OfficeHoursSleep", name, {}, opts);
        const child = { parent: this, dependsOn: opts?.dependsOn };
        const commands = sleepCommands(args.limits);
        const rules = {
            sleep: [
                { apiGroups: ["karpenter.sh"], resources: ["nodepools"], resourceNames: [NODE_POOL_NAME], verbs: ["get", "patch"] },
                { apiGroups: ["karpenter.sh"], resources: ["nodeclaims"], verbs: ["list", "delete"] },
            ],
            wake: [{ apiGroups: ["karpenter.sh"], resources: ["nodepools"], resourceNames: [NODE_POOL_NAME], verbs: ["get", "patch"] }],
        };
        // One service account and role per job (K7): waking up needs no delete.
        const job = (what: "sleep" | "wake", time: string) => {
            const account = `karpenter-${what}`;
            const sa = new k8s.core.v1.ServiceAccount(
                `${name}-${what}`,
                {
                    metadata: { name: account, namespace: args.namespace },
                    automountServiceAccountToken: false,
                },
                child,
            );
            const role = new k8s.rbac.v1.ClusterRole(`${name}-${what}`, { metadata: { name: account }, rules: rules[what] }, child);
            new k8s.rbac.v1.ClusterRoleBinding(
                `${name}-${what}`,
                {
                    metadata: { name: account },
                    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role.metadata.name },
                    subjects: [{ kind: "ServiceAccount", name: sa.metadata.name, namespace: args.namespace }],
                },
                child,
            );
            const resources = { requests: { cpu: "10m", memory: "64Mi" }, limits: { cpu: "200m", memory: "128Mi" } };
            return new k8s.batch.v1.CronJob(
                `${name}-${what}`,
                {
                    metadata: { name: account, namespace: args.namespace },
                    spec: {
                        schedule: cronJobSchedule(time, args.hours.days),
                        timeZone: args.hours.timezone,
                        concurrencyPolicy: "Forbid",
                        // A job missed by up to an hour (control plane or node busy) still runs.
                        startingDeadlineSeconds: 3600,
                        successfulJobsHistoryLimit: 1,
                        failedJobsHistoryLimit: 3,
                        jobTemplate: {
                            spec: {
                                backoffLimit: 5,
                                activeDeadlineSeconds: 1800,
                                ttlSecondsAfterFinished: 86400,
                                template: {
                                    metadata: {
                                        annotations: {
                                            [TOKEN_REASON_ANNOTATION]: `kubectl patches NodePool ${NODE_POOL_NAME}${what === "sleep" ? " and deletes its NodeClaims" : ""}`,
                                        },
                                    },
                                    spec: {
                                        serviceAccountName: sa.metadata.name,
                                        automountServiceAccountToken: true,
                                        restartPolicy: "OnFailure",
                                        securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
                                        // The system group is tainted CriticalAddonsOnly and is all that runs at night.
                                        tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }],
                                        affinity: {
                                            nodeAffinity: {
                                                requiredDuringSchedulingIgnoredDuringExecution: {
                                                    nodeSelectorTerms: [
                                                        { matchExpressions: [{ key: "karpenter.sh/nodepool", operator: "DoesNotExist" }] },
                                                    ],
                                                },
                                            },
                                        },
                                        initContainers: commands[what].slice(0, -1).map((command, i) => ({
                                            name: `step-${i}`,
                                            image: KUBECTL_IMAGE,
                                            command,
                                            securityContext: RESTRICTED,
                                            resources,
                                        })),
                                        containers: [
                                            {
                                                name: what,
                                                image: KUBECTL_IMAGE,
                                                command: commands[what][commands[what].length - 1],
                                                securityContext: RESTRICTED,
                                                resources,
                                            },
                                        ],
                                    },
                                },
                            },
                        },
                    },
                },
                child,
            );
        };
        job("sleep", args.hours.end);
        job("wake", args.hours.start);
        this.registerOutputs({});
    }
}
