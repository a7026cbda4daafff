import type { ValidateFunction } from "ajv";
import { BUILTIN_ID, type K8sObject, builtinKind, isBuiltinGroup, load, validateBuiltin } from "./openapi";
import { type Problem, ajv, convert, problemsOf, withoutNulls } from "./schema";

/** A problem of one object among many: which object (`apiVersion kind namespace/name`), where, what. */
export interface ObjectProblem extends Problem {
    object: string;
}

interface CrdVersion {
    name: string;
    served?: boolean;
    schema?: { openAPIV3Schema?: Record<string, any> };
}

interface Crd extends K8sObject {
    spec?: { group?: string; names?: { kind?: string }; versions?: CrdVersion[] };
}

const compiled = new WeakMap<object, ValidateFunction>();

/** `apiVersion kind namespace/name`, how problems name their object. */
export function describe(object: K8sObject): string {
    const meta = object.metadata ?? {};
    return `${object.apiVersion} ${object.kind} ${meta.namespace ? `${meta.namespace}/` : ""}${meta.name ?? "<no name>"}`;
}

const OBJECT_META = { $ref: `${BUILTIN_ID}#/$defs/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta` };

function validatorOf(version: CrdVersion): ValidateFunction {
    const schema = version.schema!.openAPIV3Schema!;
    let validate = compiled.get(schema);
    if (!validate) {
        load();
        const root = convert(schema, { refBase: "#/", closeObjects: "structural" });
        // apiVersion, kind and metadata are always allowed at the root; metadata is validated as ObjectMeta whatever
        // the CRD says (the API server does the same).
        root.properties = { ...root.properties, apiVersion: { type: "string" }, kind: { type: "string" }, metadata: OBJECT_META };
        validate = ajv.compile(root);
        compiled.set(schema, validate);
    }
    return validate;
}

/**
 * Problems of a custom resource against the `openAPIV3Schema` of its CRD among `crds` (matched by group, kind and a
 * served version). Strict like the API server's pruning: an unknown field is a problem unless the schema preserves
 * unknown fields there. CEL rules (x-kubernetes-validations) are not evaluated. A CR without a CRD is a problem.
 */
export function validateCustom(object: K8sObject, crds: readonly K8sObject[]): Problem[] {
    const apiVersion = String(object.apiVersion ?? "");
    const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
    const crd = (crds as Crd[]).find(
        (c) => c.kind === "CustomResourceDefinition" && c.spec?.group === group && c.spec?.names?.kind === object.kind,
    );
    if (!crd)
        return [
            {
                path: "/kind",
                message: `no CustomResourceDefinition for ${object.kind}.${group} among the ${crds.length} given; the API server would refuse it`,
            },
        ];
    const served = (crd.spec?.versions ?? []).filter((v) => v.served !== false);
    const match = served.find((v) => v.name === version);
    if (!match) {
        return [
            {
                path: "/apiVersion",
                message: `${crd.metadata?.name} does not serve ${version} (served: ${served.map((v) => v.name).join(", ") || "none"})`,
            },
        ];
    }
    if (!match.schema?.openAPIV3Schema) return [{ path: "/", message: `${crd.metadata?.name} ${version} has no openAPIV3Schema` }];
    return problemsOf(validatorOf(match), withoutNulls(object));
}

/**
 * Every problem of a set of objects (e.g. what one Helm release renders): built-in kinds against the Kubernetes
 * OpenAPI, custom resources against their CRD among `crds` and CRDs in `objects`, and the CRDs themselves (both lists)
 * against the built-in CustomResourceDefinition schema.
 */
export function validateObjects(objects: readonly K8sObject[], crds: readonly K8sObject[] = []): ObjectProblem[] {
    const allCrds = [
        ...crds,
        ...objects.filter((o) => o.kind === "CustomResourceDefinition" && o.apiVersion === "apiextensions.k8s.io/v1"),
    ];
    const out: ObjectProblem[] = [];
    for (const object of [...crds, ...objects]) {
        const apiVersion = String(object.apiVersion ?? "");
        const custom = !builtinKind(apiVersion, String(object.kind)) && !isBuiltinGroup(apiVersion);
        const problems = custom ? validateCustom(object, allCrds) : validateBuiltin(object);
        out.push(...problems.map((p) => ({ object: describe(object), ...p })));
    }
    return out;
}
