/** One resource the program declared, as the mocks and the stack transformation saw it. */
export interface RecordedResource {
    type: string;
    name: string;
    /** `${type}::${name}`: unique in this program (children derive their names from their parent's). */
    key: string;
    /** Key of the parent resource; undefined for the stack's direct children. */
    parent?: string;
    /** Name of the provider resource the engine would use, e.g. "aws" or "dev-cluster-k8s". */
    provider?: string;
    /** The `protect` resource option (invisible to mocks; recorded by the stack transformation). */
    protect: boolean;
    /** Keys of explicit dependsOn resources. */
    dependsOn: string[];
    /** Named resource hooks per lifecycle step (invisible to mocks; recorded by the stack transformation). */
    hooks?: Record<string, string[]>;
    /** The `aliases` resource option (invisible to mocks; recorded by the stack transformation). */
    aliases?: RecordedAlias[];
    custom: boolean;
    /** The id the mock assigned (a recognisable fake). */
    id: string;
    /** Inputs as plain values (secrets unwrapped). */
    inputs: Record<string, any>;
    /** Dotted paths of inputs that are secret Outputs, e.g. "stringData.DSN". */
    secretPaths: string[];
    /** What the mock returned. */
    outputs: Record<string, any>;
}

/** One alias of a resource: a whole URN, or the parts that differ from the resource's own (parent as a resource key). */
export interface RecordedAlias {
    urn?: string;
    name?: string;
    type?: string;
    parent?: string;
    parentUrn?: string;
    noParent?: boolean;
}

export interface ExportedValue {
    /** Resolved at any depth, as the engine resolves a stack output. */
    value: unknown;
    /** True when the output or any Output inside it is secret. */
    secret: boolean;
    /** Set when the export is not an Output itself but a list or object holding Outputs. */
    nested?: true;
}

export class Registry {
    constructor(
        public readonly resources: RecordedResource[],
        public readonly outputs: Record<string, ExportedValue>,
        /** Names of the resource hooks this run registered with the engine, bound to a resource or not. */
        public readonly registeredHooks: string[] = [],
    ) {}

    ofType(type: string): RecordedResource[] {
        return this.resources.filter((r) => r.type === type);
    }

    /** The one resource of `type` named exactly `name` (any name when omitted); throws naming the ones found otherwise. */
    one(type: string, name?: string): RecordedResource {
        const found = this.ofType(type).filter((r) => name === undefined || r.name === name);
        if (found.length !== 1) {
            throw new Error(
                `expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length}: ${this.ofType(type)
                    .map((r) => r.name)
                    .join(", ")}`,
            );
        }
        return found[0];
    }

    byKey(key: string): RecordedResource | undefined {
        return this.resources.find((r) => r.key === key);
    }

    childrenOf(parent: RecordedResource): RecordedResource[] {
        return this.resources.filter((r) => r.parent === parent.key);
    }

    /** All resources below `ancestor`, at any depth. */
    descendantsOf(ancestor: RecordedResource): RecordedResource[] {
        const out: RecordedResource[] = [];
        const walk = (r: RecordedResource) =>
            this.childrenOf(r).forEach((c) => {
                out.push(c);
                walk(c);
            });
        walk(ancestor);
        return out;
    }

    countByType(): Record<string, number> {
        const counts: Record<string, number> = {};
        for (const r of this.resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
        return counts;
    }
}

/** True when the input at `path` (dotted) is secret or sits below a secret Output. */
export function isSecretInput(resource: RecordedResource, path: string): boolean {
    return resource.secretPaths.some((p) => p === path || path.startsWith(`${p}.`) || p === "");
}
