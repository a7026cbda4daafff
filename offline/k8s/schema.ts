import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";

/** One thing wrong with an object: where (a JSON pointer into the object) and what. */
export interface Problem {
    path: string;
    message: string;
}

/**
 * Kubernetes OpenAPI schemas as JSON Schema for ajv. The API server silently drops fields its types do not have (and
 * prunes unknown fields of structural CRD schemas), so every object schema that lists its properties is closed here:
 * an unknown field is a setting that does nothing, and is reported.
 */
export const ajv = new Ajv({
    allErrors: true,
    strict: false,
    logger: false,
    inlineRefs: false,
    validateSchema: false,
    verbose: true,
    code: { regExp: goRegExp },
});

/**
 * CRD patterns are Go (RE2) regular expressions, which JavaScript reads alike except for inline flags: the API server
 * accepts `^(?i)(abort|warn)?$`, which `new RegExp` refuses. Inline flag groups become JavaScript flags for the whole
 * pattern (RE2 applies them from where they stand; every CRD pattern here puts them at the start).
 */
export function goRegExp(pattern: string, flags: string): RegExp {
    const inline = /(?<!\\)\(\?([imsU]+)\)/g;
    const extra = new Set<string>();
    const stripped = pattern.replace(inline, (_m, f: string) => {
        for (const c of f) if (c !== "U") extra.add(c);
        return "";
    });
    return new RegExp(stripped, flags + [...extra].filter((c) => !flags.includes(c)).join(""));
}
goRegExp.code = 'require("./offline/k8s/schema").goRegExp';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// RFC 3339 date-time as Go's time.Parse(time.RFC3339) accepts it.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
/** resource.Quantity's grammar (k8s.io/apimachinery/pkg/api/resource). */
export const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;
const int = (bits: number) => (n: number) => Number.isInteger(n) && n >= -(2 ** (bits - 1)) && n < 2 ** (bits - 1);

ajv.addFormat("int32", { type: "number", validate: int(32) });
ajv.addFormat("int64", { type: "number", validate: int(64) });
ajv.addFormat("byte", BASE64);
ajv.addFormat("date-time", DATE_TIME);
ajv.addFormat("quantity", QUANTITY);
// Formats the API server checks for CRDs too (k8s.io/kube-openapi strfmt); others are ignored there as here.
ajv.addFormat("date", /^\d{4}-\d{2}-\d{2}$/);
ajv.addFormat("duration", /^([+-]?(\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))+$|^0$/);
ajv.addFormat("uuid", /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/);
ajv.addFormat("ipv4", /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/);
for (const ignored of ["int-or-string", "double", "float", "password", "uri", "hostname", "email", "ipv6", "cidr", "mac", "string"])
    ajv.addFormat(ignored, true);

type Schema = Record<string, any>;

export interface ConvertOptions {
    /** Where `#/components/schemas/<name>` refs point to. */
    refBase: string;
    /**
     * Close objects that list properties (unknown fields = problems). Built-in types: objects with `properties`.
     * Structural CRD schemas: every `type: object` without additionalProperties (pruning drops everything else).
     */
    closeObjects: "withProperties" | "structural";
}

/** Converts one OpenAPI v3 schema node (Kubernetes flavour) to the JSON Schema ajv validates. */
export function convert(node: Schema, options: ConvertOptions, structural = true): Schema {
    if (!node || typeof node !== "object") return node;
    const out: Schema = {};
    for (const [key, value] of Object.entries(node)) {
        switch (key) {
            case "$ref":
                out.$ref = String(value).replace("#/components/schemas/", options.refBase);
                break;
            case "properties":
                out.properties = Object.fromEntries(
                    Object.entries(value as Schema).map(([k, v]) => [k, convert(v as Schema, options, structural)]),
                );
                break;
            case "items":
                out.items = Array.isArray(value)
                    ? value.map((v) => convert(v, options, structural))
                    : convert(value as Schema, options, structural);
                break;
            case "additionalProperties":
                out.additionalProperties = typeof value === "boolean" ? value : convert(value as Schema, options, structural);
                break;
            // Value validations: in a structural schema they may not add fields, so their objects stay open.
            case "allOf":
            case "anyOf":
            case "oneOf":
                out[key] = (value as Schema[]).map((v) =>
                    convert(v, options, key === "allOf" && (v as Schema).$ref && structural ? structural : false),
                );
                break;
            case "not":
                out.not = convert(value as Schema, options, false);
                break;
            case "nullable":
            case "x-kubernetes-int-or-string":
            case "x-kubernetes-preserve-unknown-fields":
            case "x-kubernetes-embedded-resource":
                break;
            default:
                out[key] = value;
        }
    }
    if (node["x-kubernetes-int-or-string"]) {
        delete out.type;
        const either = { anyOf: [{ type: "integer" }, { type: "string" }] };
        out.allOf = [...(out.allOf ?? []), either];
    }
    if (node.nullable && out.type) out.type = [out.type, "null"];
    const preserve = node["x-kubernetes-preserve-unknown-fields"] === true;
    const isObject = node.type === "object" || (node.properties && !node.type);
    if (structural && !preserve && isObject && node.additionalProperties === undefined) {
        const close = options.closeObjects === "structural" || node.properties !== undefined;
        if (close) {
            if (node["x-kubernetes-embedded-resource"]) {
                out.properties = {
                    apiVersion: { type: "string" },
                    kind: { type: "string" },
                    metadata: { type: "object" },
                    ...out.properties,
                };
            }
            out.additionalProperties = false;
        }
    }
    return out;
}

/**
 * Drops nulls from objects, as the API server's decoder and CRD pruning treat a null field as unset. Nulls in lists
 * stay (and fail validation unless the schema allows them).
 */
export function withoutNulls(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(withoutNulls);
    if (value && typeof value === "object") {
        return Object.fromEntries(
            Object.entries(value)
                .filter(([, v]) => v !== null)
                .map(([k, v]) => [k, withoutNulls(v)]),
        );
    }
    return value;
}

function message(error: ErrorObject): string {
    switch (error.keyword) {
        case "additionalProperties":
            return "unknown field (the API server drops it)";
        case "required":
            return `missing required field "${(error.params as { missingProperty: string }).missingProperty}"`;
        case "enum":
            return `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
        case "type":
            return `must be ${[(error.params as { type: string | string[] }).type].flat().join(" or ")}`;
        default:
            return error.message ?? error.keyword;
    }
}

/** Runs a compiled schema; ajv's errors become Problems, one per path and message. */
export function problemsOf(validate: ValidateFunction, value: unknown): Problem[] {
    if (validate(value)) return [];
    const errors = validate.errors ?? [];
    // A failed anyOf/oneOf reports each branch too. When the value has none of the branches' types, keep the summary
    // ("must be integer or string"); when it has one (a string that is not a quantity), keep that branch's reason.
    const jsonType = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : Number.isInteger(v) ? "integer" : typeof v);
    const branchTypes = (e: ErrorObject) =>
        (e.schema as Schema[])
            .map((s) => s.type)
            .filter(Boolean)
            .flat() as string[];
    const unions = errors.filter((e) => e.keyword === "anyOf" || e.keyword === "oneOf");
    const typeMatched = new Set(
        unions.filter((u) => {
            const t = jsonType(u.data);
            return branchTypes(u).some((b) => b === t || (b === "number" && t === "integer"));
        }),
    );
    const inUnion = (e: ErrorObject) =>
        unions.some(
            (u) =>
                e !== u &&
                e.instancePath.startsWith(u.instancePath) &&
                e.schemaPath.startsWith(`${u.schemaPath}/`) &&
                (!typeMatched.has(u) || e.keyword === "type"),
        );
    const seen = new Set<string>();
    const out: Problem[] = [];
    for (const error of errors) {
        if (inUnion(error) || typeMatched.has(error)) continue;
        let path = error.instancePath || "/";
        if (error.keyword === "additionalProperties") {
            path = `${error.instancePath}/${(error.params as { additionalProperty: string }).additionalProperty}`;
        }
        let text = message(error);
        if (error.keyword === "anyOf" || error.keyword === "oneOf") {
            const branches = branchTypes(error);
            if (branches.length > 0) text = `must be ${branches.join(" or ")}`;
        }
        const key = `${path} ${text}`;
        if (!seen.has(key)) {
            seen.add(key);
            out.push({ path, message: text });
        }
    }
    return out;
}
