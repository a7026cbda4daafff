import type { ValidateFunction } from "ajv";
import * as fs from "node:fs";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";
import { ENUMS } from "./enums";
import { type Problem, ajv, convert, problemsOf, withoutNulls } from "./schema";

/** The Kubernetes minor whose API the built-in schemas describe (schemas/kubernetes/<minor>/). */
export const KUBERNETES_MINOR = "1.35";
/** ajv id of the built-in definitions; `${BUILTIN_ID}#/$defs/<definition>` references one. */
export const BUILTIN_ID = "k8s";
const BUNDLE = path.resolve(__dirname, "..", "..", "schemas", "kubernetes", KUBERNETES_MINOR, "openapi.json.gz");

/** A Kubernetes object as rendered or declared. */
export interface K8sObject {
    apiVersion?: string;
    kind?: string;
    metadata?: {
        name?: string;
        namespace?: string;
        labels?: Record<string, string>;
        annotations?: Record<string, string>;
        [k: string]: unknown;
    };
    [key: string]: unknown;
}

export interface Bundle {
    kubernetes: string;
    kinds: Record<string, { definition: string; namespaced: boolean }>;
    definitions: Record<string, Record<string, any>>;
}

let bundle: Bundle | undefined;
const compiled = new Map<string, ValidateFunction>();

/** Loads the vendored definitions into ajv once (under BUILTIN_ID); every entry point calls it. */
export function load(): Bundle {
    if (bundle) return bundle;
    const raw = JSON.parse(gunzipSync(fs.readFileSync(BUNDLE)).toString()) as Bundle;
    const $defs: Record<string, unknown> = {};
    for (const [name, schema] of Object.entries(raw.definitions)) {
        const converted = convert(schema, { refBase: "#/$defs/", closeObjects: "withProperties" });
        for (const [property, values] of Object.entries(ENUMS[name] ?? {})) {
            const target = converted.properties?.[property];
            if (!target) throw new Error(`enums.ts: ${name} has no property ${property} in Kubernetes ${KUBERNETES_MINOR}`);
            if (target.type === "array") target.items = { ...target.items, enum: values };
            else target.enum = values;
        }
        $defs[name] = converted;
    }
    // resource.Quantity is "string or number" in the documents; the API server also parses the string.
    $defs["io.k8s.apimachinery.pkg.api.resource.Quantity"] = { anyOf: [{ type: "string", format: "quantity" }, { type: "number" }] };
    ajv.addSchema({ $id: BUILTIN_ID, $defs });
    bundle = raw;
    return raw;
}

const groupOf = (apiVersion: string) => (apiVersion.includes("/") ? apiVersion.split("/")[0] : "");

/** The built-in kind an object's apiVersion and kind name, if the API serves it by default. */
export function builtinKind(apiVersion: string, kind: string): { definition: string; namespaced: boolean } | undefined {
    return load().kinds[`${apiVersion}/${kind}`];
}

/** True when the group is one of the API server's own (so an unknown kind in it is an error, not a custom resource). */
export function isBuiltinGroup(apiVersion: string): boolean {
    const group = groupOf(apiVersion);
    return (
        Object.keys(load().kinds).some((k) => groupOf(k.slice(0, k.lastIndexOf("/"))) === group) ||
        group.endsWith(".k8s.io") ||
        ["", "apps", "batch", "autoscaling", "policy", "extensions"].includes(group)
    );
}

/** The compiled validator of a definition (e.g. `io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`). */
export function definitionValidator(definition: string): ValidateFunction {
    load();
    let validate = compiled.get(definition);
    if (!validate) {
        validate = ajv.compile({ $ref: `${BUILTIN_ID}#/$defs/${definition}` });
        compiled.set(definition, validate);
    }
    return validate;
}

/**
 * Problems of an object of a built-in kind against the Kubernetes 1.35 OpenAPI: unknown fields (the API server drops
 * them), wrong types, missing required fields, enum violations, malformed quantities, base64 and timestamps. An
 * apiVersion/kind the API does not serve by default (removed, alpha/beta, misspelt) is one problem. With `patch`
 * (a *Patch resource), missing required fields are not problems.
 */
export function validateBuiltin(object: K8sObject, options: { patch?: boolean } = {}): Problem[] {
    const { apiVersion, kind } = object;
    if (typeof apiVersion !== "string" || typeof kind !== "string") {
        return [{ path: "/", message: "apiVersion and kind must be strings" }];
    }
    const known = builtinKind(apiVersion, kind);
    if (!known) {
        const elsewhere = Object.keys(load().kinds)
            .filter((k) => k.endsWith(`/${kind}`))
            .map((k) => k.slice(0, k.lastIndexOf("/")));
        const hint = elsewhere.length > 0 ? `; ${kind} is served as ${elsewhere.join(", ")}` : "";
        return [{ path: "/apiVersion", message: `${apiVersion} ${kind} is not served by Kubernetes ${KUBERNETES_MINOR} (GA APIs)${hint}` }];
    }
    const problems = problemsOf(definitionValidator(known.definition), withoutNulls(object));
    // A server-side-apply patch names only the fields it changes.
    return options.patch ? problems.filter((p) => !p.message.startsWith("missing required field")) : problems;
}
