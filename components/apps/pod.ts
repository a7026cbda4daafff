import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";

type Input<T> = pulumi.Input<T>;

/** Pod-level security context of every workload of this layer (K2): non-root, RuntimeDefault seccomp. */
export function podSecurityContext(uid: number): k8s.types.input.core.v1.PodSecurityContext {
    return { runAsNonRoot: true, runAsUser: uid, runAsGroup: uid, fsGroup: uid, seccompProfile: { type: "RuntimeDefault" } };
}

/**
 * Container-level security context (K2). runAsUser is numeric on purpose: the kubelet can only verify runAsNonRoot
 * for a numeric user, and images that declare `USER nonroot` by name would otherwise fail to start.
 */
export function containerSecurityContext(uid: number): k8s.types.input.core.v1.SecurityContext {
    return {
        runAsNonRoot: true,
        runAsUser: uid,
        runAsGroup: uid,
        allowPrivilegeEscalation: false,
        privileged: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
    };
}

/** The only writable path of a read-only root filesystem. */
export const TMP_VOLUME: k8s.types.input.core.v1.Volume = { name: "tmp", emptyDir: { sizeLimit: "64Mi" } };
export const TMP_MOUNT: k8s.types.input.core.v1.VolumeMount = { name: "tmp", mountPath: "/tmp" };

/**
 * Keeps a container up for `kubectl exec` without installing anything. A shell as PID 1 ignores SIGTERM unless it
 * traps it, so the trap makes pod deletion immediate instead of waiting out the grace period.
 */
export const SLEEP_FOREVER = ["/bin/sh", "-c", "trap 'exit 0' TERM INT; while true; do sleep 3600 & wait $!; done"];

/** First 10 hex digits of sha256(value): short, stable, valid in a Kubernetes name. */
export const shortHash = (value: string) => createHash("sha256").update(value).digest("hex").slice(0, 10);

/** sha256 of a JSON-serialisable value, for `checksum/*` pod annotations that roll pods when env sources change. */
export function checksum(value: Input<Record<string, Input<string>>>): pulumi.Output<string> {
    return pulumi.output(value).apply((v) =>
        createHash("sha256")
            .update(JSON.stringify(v, Object.keys(v).sort()))
            .digest("hex"),
    );
}

export { DNS_EGRESS, namespaceSelector } from "../tenancy/network-policies";

/** Env-var names a ConfigMap or Secret key must have to be usable through envFrom. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
