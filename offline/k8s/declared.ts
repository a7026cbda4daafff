import { isIP } from "node:net";
import { builtinKind, isBuiltinGroup, validateBuiltin } from "./openapi";
import { manifestOf } from "../engine/manifests";
import type { RecordedResource, Registry } from "../engine/registry";

/**
 * Validation of the Kubernetes objects the program declares: against the vendored Kubernetes 1.35 OpenAPI
 * (offline/k8s/openapi.ts: strict, so an unknown field is an error, as the API server drops it), plus the name, label
 * and key syntax and ipBlock CIDRs the API server checks but the schemas do not.
 */

export interface K8sObject {
    apiVersion: string;
    kind: string;
    metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
    [key: string]: unknown;
}

/** A Kubernetes object a recorded resource declares; `patch` for *Patch resources (every field optional). */
export interface DeclaredObject {
    resource: RecordedResource;
    object: K8sObject;
    patch: boolean;
}

const groupOf = (apiVersion: string) => (apiVersion.includes("/") ? apiVersion.split("/")[0] : "");

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
/** Kinds whose names are DNS labels rather than subdomains. */
const LABEL_NAMED = new Set(["v1/Namespace", "v1/Service"]);

function keyProblem(key: string): string | undefined {
    const [prefix, name] = key.includes("/") ? [key.slice(0, key.lastIndexOf("/")), key.slice(key.lastIndexOf("/") + 1)] : [undefined, key];
    if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) return `prefix "${prefix}" is not a DNS subdomain`;
    if (name.length > 63 || !QUALIFIED_NAME.test(name))
        return `name "${name}" must be 63 characters or less, alphanumeric, '-', '_' or '.'`;
    return undefined;
}

function isCidr(value: unknown): boolean {
    if (typeof value !== "string" || !value.includes("/")) return false;
    const [ip, bits] = value.split("/");
    const family = isIP(ip);
    return family !== 0 && /^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/** The API server rejects ipBlock CIDRs that do not parse; the schema has no format for them. */
function ipBlockProblems(object: K8sObject): string[] {
    const spec = (object.spec ?? {}) as {
        ingress?: { from?: { ipBlock?: { cidr?: unknown; except?: unknown[] } }[] }[];
        egress?: { to?: { ipBlock?: { cidr?: unknown; except?: unknown[] } }[] }[];
    };
    const errors: string[] = [];
    const check = (path: string, block?: { cidr?: unknown; except?: unknown[] }) => {
        if (!block) return;
        if (!isCidr(block.cidr)) errors.push(`${path}/ipBlock/cidr "${block.cidr}" is not a valid CIDR`);
        (block.except ?? []).forEach((e, i) => {
            if (!isCidr(e)) errors.push(`${path}/ipBlock/except/${i} "${e}" is not a valid CIDR`);
        });
    };
    (spec.ingress ?? []).forEach((rule, i) => {
        (rule.from ?? []).forEach((peer, j) => {
            check(`/spec/ingress/${i}/from/${j}`, peer.ipBlock);
        });
    });
    (spec.egress ?? []).forEach((rule, i) => {
        (rule.to ?? []).forEach((peer, j) => {
            check(`/spec/egress/${i}/to/${j}`, peer.ipBlock);
        });
    });
    return errors;
}

/** The syntax rules the API server applies to metadata and data keys, which the OpenAPI schemas leave out. */
function apiServerChecks(apiVersion: string, kind: string, object: K8sObject): string[] {
    const errors: string[] = [];
    const meta = object.metadata ?? {};
    const name = meta.name;
    if (typeof name === "string") {
        if (groupOf(apiVersion) === "rbac.authorization.k8s.io") {
            if (name === "." || name === ".." || /[/%]/.test(name))
                errors.push(`/metadata/name "${name}" may not be '.' or '..' or contain '/' or '%'`);
        } else if (
            LABEL_NAMED.has(`${apiVersion}/${kind}`)
                ? name.length > 63 || !DNS_LABEL.test(name)
                : name.length > 253 || !DNS_SUBDOMAIN.test(name)
        ) {
            errors.push(
                `/metadata/name "${name}" is not a valid DNS-1123 ${LABEL_NAMED.has(`${apiVersion}/${kind}`) ? "label" : "subdomain"}`,
            );
        }
    }
    if (typeof meta.namespace === "string" && !DNS_LABEL.test(meta.namespace))
        errors.push(`/metadata/namespace "${meta.namespace}" is not a valid DNS-1123 label`);
    for (const [key, value] of Object.entries(meta.labels ?? {})) {
        const problem = keyProblem(key);
        if (problem) errors.push(`/metadata/labels key ${problem}`);
        if (typeof value === "string" && value !== "" && (value.length > 63 || !QUALIFIED_NAME.test(value)))
            errors.push(`/metadata/labels/${key} value "${value}" is not a valid label value`);
    }
    for (const key of Object.keys(meta.annotations ?? {})) {
        const problem = keyProblem(key);
        if (problem) errors.push(`/metadata/annotations key ${problem}`);
    }
    if (apiVersion === "networking.k8s.io/v1" && kind === "NetworkPolicy") errors.push(...ipBlockProblems(object));
    if (apiVersion === "v1" && (kind === "ConfigMap" || kind === "Secret")) {
        for (const field of ["data", "stringData", "binaryData"]) {
            for (const key of Object.keys((object[field] as Record<string, unknown>) ?? {})) {
                if (key.length > 253 || !CONFIG_KEY.test(key))
                    errors.push(`/${field} key "${key}" must consist of alphanumerics, '-', '_' or '.'`);
            }
        }
    }
    return errors;
}

/**
 * Errors of one object against its kind's schema, as "<path> <message>"; [] when valid. A custom resource (a group the
 * Kubernetes API does not serve itself) validates as [] here: its CRD's schema checks it (offline/k8s/crd.ts); a kind
 * the API does not serve in a built-in group is an error. With `patch`, missing required fields are not errors.
 */
export function validateK8sObject(apiVersion: string, kind: string, object: unknown, options: { patch?: boolean } = {}): string[] {
    const data = { ...(object as Record<string, unknown>), apiVersion, kind } as K8sObject;
    const own = object as Partial<K8sObject>;
    const errors: string[] = [];
    if (own?.apiVersion !== undefined && own.apiVersion !== apiVersion) errors.push(`/apiVersion "${own.apiVersion}" is not ${apiVersion}`);
    if (own?.kind !== undefined && own.kind !== kind) errors.push(`/kind "${own.kind}" is not ${kind}`);
    if (!builtinKind(apiVersion, kind) && !isBuiltinGroup(apiVersion)) return errors;
    errors.push(...validateBuiltin(data, options).map((p) => `${p.path} ${p.message}`));
    return builtinKind(apiVersion, kind) ? [...errors, ...apiServerChecks(apiVersion, kind, data)] : errors;
}

/** A recorded resource's inputs with secrets in clear. */
// The harness already unwraps secret envelopes; this stays as the name tests read best with.
export const plainInputs = (r: RecordedResource): Record<string, any> => r.inputs;

/**
 * The Kubernetes objects of every recorded kubernetes:* custom resource, with secret values in clear (validation
 * needs the real values; nothing here is printed). Helm releases, YAML/kustomize components and providers are left out.
 */
export function manifestsOf(registry: Registry): DeclaredObject[] {
    const out: DeclaredObject[] = [];
    for (const resource of registry.resources) {
        if (!resource.type.startsWith("kubernetes:") || resource.custom === false) continue;
        if (/^kubernetes:(yaml|kustomize|helm\.sh)/.test(resource.type)) continue;
        const manifest = manifestOf({ ...resource, inputs: plainInputs(resource), secretPaths: [] });
        if (!manifest) continue;
        const patch = manifest.kind.endsWith("Patch");
        out.push({
            resource,
            patch,
            object: { ...manifest, kind: patch ? manifest.kind.slice(0, -"Patch".length) : manifest.kind } as K8sObject,
        });
    }
    return out;
}

/** Every declared object that fails validation, with its errors. */
export function invalidObjects(registry: Registry): { key: string; errors: string[] }[] {
    return manifestsOf(registry)
        .map(({ resource, object, patch }) => ({
            key: resource.key,
            errors: validateK8sObject(object.apiVersion, object.kind, object, { patch }),
        }))
        .filter((r) => r.errors.length > 0);
}
