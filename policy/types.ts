import type { Resource, Unwrap } from "@pulumi/pulumi";

/** Self-contained so the pack runs as its own directory under `pulumi preview --policy-pack policy`. */
export type Tier = "dev" | "staging" | "prod";

/**
 * A resource class of a provider SDK (`aws.ec2.SecurityGroup`, `k8s.apps.v1.Deployment`, `eks.Cluster`): what a rule
 * names instead of a type token. Its static `isInstance` recognises the class's token, which is how @pulumi/policy's
 * `isType` matches a class it has no attached token for.
 */
export interface ResourceClass<TArgs = any> {
    new (name: string, args: TArgs, ...rest: any[]): Resource;
    isInstance(obj: unknown): boolean;
}

/**
 * What a rule reads of a resource of class `C`: the class's constructor args with every Input unwrapped, as
 * @pulumi/policy's `ResourceValidationArgs.asType` types them. Inputs are what the offline harness records and what
 * `pulumi preview` hands a policy for a resource it is about to create (outputs of existing resources carry the same
 * names for the properties the rules read). A value the engine does not know yet can still arrive as a placeholder,
 * so rules keep checking `typeof` before they trust a value.
 */
export type PropsOf<C> = C extends new (name: string, args: infer A, ...rest: any[]) => Resource ? Unwrap<NonNullable<A>> : never;

/** Props of a resource no rule has narrowed to a class yet: free-form, any provider's inputs. */
export type UntypedProps = Record<string, unknown>;

/** A declared resource as a rule sees it: the same shape from the real policy analyzer and from the offline harness. */
export interface PolicyResource<P = UntypedProps> {
    type: string;
    name: string;
    urn: string;
    /** Inputs (offline) or inputs merged with known outputs (under `pulumi preview`). */
    props: P;
    /** Resource id when known (offline: the mock's fake id; in preview: often unknown). */
    id?: string;
    /** URN of the parent. */
    parent?: string;
    protect: boolean;
    /** Name of the provider resource, when explicit or inherited. */
    provider?: string;
}

/** A resource of one of the classes `Cs`, its props typed as that class's args. */
export type ResourceOf<Cs extends readonly ResourceClass[]> = PolicyResource<PropsOf<Cs[number]>>;

export interface Violation {
    rule: string;
    /** URN of the offending resource, if one. */
    urn?: string;
    message: string;
}

export interface StackView {
    tier: Tier;
    resources: PolicyResource[];
    /** The resources of any of `classes`, props typed as their args. */
    ofClass<const Cs extends readonly ResourceClass[]>(...classes: Cs): ResourceOf<Cs>[];
    /**
     * The resources of type tokens no SDK in this project has a class for (custom resources of a CRD, providers
     * the program does not install). Everything else goes through `ofClass`.
     */
    ofType(...types: string[]): PolicyResource[];
    /** The resource whose id is `id`, when ids are known. */
    byId(id: unknown): PolicyResource | undefined;
    /** The resource whose id is `id`, when ids are known and it is of class `cls`. */
    byId<C extends ResourceClass>(id: unknown, cls: C): PolicyResource<PropsOf<C>> | undefined;
}

/** One property of docs/policy.md as a plain function over the whole stack. */
export interface Rule {
    /** Rule id in docs/policy.md, e.g. "N1". */
    id: string;
    /** Policy name as Pulumi shows it (kebab-case). */
    name: string;
    description: string;
    enforcement: "mandatory" | "advisory";
    check(stack: StackView): Violation[];
}
