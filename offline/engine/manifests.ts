import type { RecordedResource } from "./registry";

/** Inputs with every secret value replaced by "[secret]". */
export function redactedInputs(r: RecordedResource): unknown {
    if (r.secretPaths.includes("")) return "[secret]";
    const copy = JSON.parse(JSON.stringify(r.inputs ?? {}));
    for (const p of r.secretPaths) {
        const parts = p.split(".");
        let node = copy;
        for (const part of parts.slice(0, -1)) node = node?.[part];
        if (node && typeof node === "object" && parts[parts.length - 1] in node) node[parts[parts.length - 1]] = "[secret]";
    }
    return copy;
}

/** The Kubernetes object a resource declares, as it would be applied (secrets redacted); undefined for non-objects. */
export function manifestOf(r: RecordedResource): { apiVersion: string; kind: string; [k: string]: unknown } | undefined {
    if (!r.type.startsWith("kubernetes:") || r.type.startsWith("kubernetes:helm.sh") || r.type.startsWith("pulumi:providers"))
        return undefined;
    const inputs = redactedInputs(r) as Record<string, any>;
    if (r.type === "kubernetes:apiextensions.k8s.io:CustomResource" || r.type.endsWith("List")) {
        return inputs.apiVersion ? (inputs as any) : undefined;
    }
    // kubernetes:<group>/<version>:<Kind>; the core group is "core" in the token and absent in apiVersion.
    const [, groupVersion, kind] = r.type.split(":");
    const apiVersion = groupVersion.startsWith("core/") ? groupVersion.slice(5) : groupVersion;
    const { apiVersion: _a, kind: _k, ...rest } = inputs;
    return { apiVersion, kind, ...rest };
}
