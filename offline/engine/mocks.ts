import * as pulumi from "@pulumi/pulumi";
import { unwrapSecrets } from "../../policy/view";
import { acceptResourceHooks as acceptHookRegistrations, outputValue } from "../pulumi-internals";
import { awsService, mockArn, mockId } from "./fakes";
import { callResults, resourceOutputs } from "./outputs";
import type { RecordedAlias, RecordedResource } from "./registry";

interface Seen {
    type: string;
    name: string;
    provider?: string;
    custom: boolean;
    id: string;
    inputs: Record<string, any>;
    outputs: Record<string, any>;
}

/**
 * Pulumi mocks for the whole program. Resource outputs are the inputs plus recognisable fakes for cloud-assigned
 * values; invokes are strict: one that no table in outputs/ knows throws with its token, so a new data source cannot
 * slip through unmocked.
 */
export class PlatformMocks implements pulumi.runtime.Mocks {
    readonly seen: Seen[] = [];

    newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
        const inputs = unwrapSecrets(args.inputs);
        const extra = resourceOutputs[args.type]?.(args.name, inputs) ?? {};
        const generic: Record<string, any> = {};
        if (args.type.startsWith("aws:")) {
            generic.arn = mockArn(awsService(args.type), `${args.type.split(":").pop()!.toLowerCase()}/mock-${args.name}`);
            generic.name = inputs.name ?? `mock-${args.name}`;
        }
        if (args.type.startsWith("kubernetes:") && inputs.metadata) {
            generic.metadata = { ...inputs.metadata, name: inputs.metadata.name ?? args.name };
        }
        const outputs = { ...inputs, ...generic, ...extra };
        // args.id is "" for a new resource; an empty id reads as unknown and silently drops every input built from it.
        const kind = args.type.split(":").pop()!.toLowerCase();
        const id = extra.id ?? (args.id || mockId(kind, args.name));
        this.seen.push({ type: args.type, name: args.name, provider: args.provider, custom: args.custom ?? true, id, inputs, outputs });
        return { id, state: outputs };
    }

    call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
        const fn = callResults[args.token];
        if (!fn) throw new Error(`unmocked invoke ${args.token}: add it to a table in offline/engine/outputs/`);
        return fn(args.inputs);
    }
}

export interface Observed {
    parent?: string;
    protect: boolean;
    dependsOn: string[];
    props: Record<string, any>;
    /** Names of the resource's hooks per lifecycle step, e.g. { beforeDelete: ["dev-vpn-release"] }. */
    hooks: Record<string, string[]>;
    /** The `aliases` option (invisible to mocks), with parents as resource keys. */
    aliases: RecordedAlias[];
}

/** Every named resource hook the program bound, by name, so a test can run one as the engine would. */
export const boundHooks = new Map<string, pulumi.ResourceHook>();

/** Accepts resource hook registrations under mocks, recording their names in {@link registeredHooks}. */
export function acceptResourceHooks(): void {
    acceptHookRegistrations(recordHookName);
}

function recordHookName(name: string): void {
    registeredHooks.add(name);
}

/** Names of every resource hook registered with the (mock) engine, bound or not. */
export const registeredHooks = new Set<string>();

/** Resource options that mocks never see, captured by a stack transformation on the client side. */
export function observeOptions(observed: Map<string, Observed>): pulumi.ResourceTransformation {
    return (args) => {
        const keyOf = (r: any) => (pulumi.Resource.isInstance(r) ? `${pulumi.resourceType(r)}::${pulumi.resourceName(r)}` : undefined);
        const deps = args.opts.dependsOn;
        const depList = Array.isArray(deps) ? deps : deps ? [deps] : [];
        const hooks: Record<string, string[]> = {};
        for (const [step, list] of Object.entries(args.opts.hooks ?? {})) {
            const named = ((list ?? []) as unknown[]).filter((h): h is pulumi.ResourceHook => pulumi.ResourceHook.isInstance(h));
            for (const h of named) boundHooks.set(h.name, h);
            if (named.length > 0) hooks[step] = named.map((h) => h.name);
        }
        observed.set(`${args.type}::${args.name}`, {
            parent: keyOf(args.opts.parent),
            protect: args.opts.protect === true,
            dependsOn: depList.filter((d: any) => pulumi.Resource.isInstance(d)).map((d: any) => keyOf(d)!),
            props: args.props,
            hooks,
            aliases: (args.opts.aliases ?? []).map(
                (a: any): RecordedAlias =>
                    typeof a === "string"
                        ? { urn: a }
                        : {
                              name: a.name,
                              type: a.type,
                              parent: keyOf(a.parent),
                              parentUrn: typeof a.parentUrn === "string" ? a.parentUrn : undefined,
                              noParent: a.noParent === true || a.parent === pulumi.rootStackResource,
                          },
            ),
        });
        return undefined;
    };
}

/** Dotted paths of the values in `value` that are secret Outputs. */
export async function findSecretPaths(value: unknown, path = "", out: string[] = []): Promise<string[]> {
    if (pulumi.Output.isInstance(value)) {
        if (await pulumi.isSecret(value)) {
            out.push(path);
            return out;
        }
        return findSecretPaths(await outputValue(value), path, out);
    }
    if (value instanceof Promise) return findSecretPaths(await value, path, out);
    if (pulumi.Resource.isInstance(value)) return out;
    if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) await findSecretPaths(value[i], path ? `${path}.${i}` : `${i}`, out);
    } else if (value && typeof value === "object") {
        for (const [k, v] of Object.entries(value)) await findSecretPaths(v, path ? `${path}.${k}` : k, out);
    }
    return out;
}

/** The provider resource's name from the reference the engine passes ("urn...::type::name::id"). */
export function providerName(ref: string | undefined): string | undefined {
    if (!ref) return undefined;
    const parts = ref.split("::");
    return parts.length >= 2 ? parts[parts.length - 2] : ref;
}

export async function record(mocks: PlatformMocks, observed: Map<string, Observed>): Promise<RecordedResource[]> {
    const out: RecordedResource[] = [];
    for (const s of mocks.seen) {
        if (s.type === "pulumi:pulumi:Stack") continue;
        const key = `${s.type}::${s.name}`;
        const o = observed.get(key);
        out.push({
            type: s.type,
            name: s.name,
            key,
            parent: o?.parent?.startsWith("pulumi:pulumi:Stack::") ? undefined : o?.parent,
            provider: providerName(s.provider),
            protect: o?.protect ?? false,
            dependsOn: o?.dependsOn ?? [],
            hooks: o?.hooks ?? {},
            aliases: o?.aliases ?? [],
            custom: s.custom,
            id: s.id,
            inputs: s.inputs,
            secretPaths: o ? await findSecretPaths(o.props) : [],
            outputs: s.outputs,
        });
    }
    return out;
}
