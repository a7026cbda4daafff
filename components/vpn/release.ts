import * as pulumi from "@pulumi/pulumi";
import { parseAssociateInput } from "./office-hours";

/** One subnet association of a Client VPN endpoint, as DescribeClientVpnTargetNetworks reports it. */
export interface TargetNetwork {
    associationId: string;
    subnetId: string;
    /** associating | associated | association-failed | disassociating | disassociated */
    status: string;
}

/** The two EC2 calls releasing associations takes; tests pass a fake. */
export interface TargetNetworkApi {
    list(endpointId: string): Promise<TargetNetwork[]>;
    disassociate(endpointId: string, associationId: string): Promise<void>;
}

export interface ReleaseOptions {
    /**
     * Subnets whose association Pulumi owns now (vpn.alwaysOn), read when the hook runs: a start schedule deleted
     * after switching to always-on must not take down the association Pulumi has just made for the same subnet.
     */
    pulumiOwnedSubnets?: () => ReadonlySet<string>;
    /** Default 15 s: an association takes minutes either way. */
    pollMs?: number;
    /** Default 20 minutes; AWS documents ~10 per association. */
    timeoutMs?: number;
    sleep?: (ms: number) => Promise<void>;
}

/** States in which an association neither bills nor blocks deleting the endpoint or its subnet. */
const RELEASED = new Set(["disassociated", "association-failed"]);

/**
 * Disassociates the endpoint from `subnetId` (every subnet when undefined) and waits until AWS reports it gone. An
 * association still being made is waited for first: AWS refuses to disassociate it mid-way. Returns how many it
 * disassociated.
 */
export async function releaseAssociations(
    api: TargetNetworkApi,
    endpointId: string,
    subnetId: string | undefined,
    options: ReleaseOptions = {},
): Promise<number> {
    const pollMs = options.pollMs ?? 15_000;
    const deadline = Date.now() + (options.timeoutMs ?? 20 * 60_000);
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const requested = new Set<string>();
    for (;;) {
        const owned = options.pulumiOwnedSubnets?.() ?? new Set<string>();
        const pending = (await api.list(endpointId)).filter(
            (t) => !RELEASED.has(t.status) && !owned.has(t.subnetId) && (subnetId === undefined || t.subnetId === subnetId),
        );
        if (pending.length === 0) return requested.size;
        for (const t of pending) {
            if (t.status === "associated" && !requested.has(t.associationId)) {
                await api.disassociate(endpointId, t.associationId);
                requested.add(t.associationId);
            }
        }
        if (Date.now() >= deadline) {
            const left = pending.map((t) => `${t.associationId} (${t.subnetId}, ${t.status})`).join(", ");
            throw new Error(
                `Client VPN ${endpointId}: associations still not released after the timeout: ${left}. Disassociate them with \`aws ec2 disassociate-client-vpn-target-network\` and run the operation again.`,
            );
        }
        await sleep(pollMs);
    }
}

/** The EC2 API through the AWS SDK, loaded only when a hook actually runs (never in previews, tests or synth). */
export async function ec2TargetNetworkApi(region: string): Promise<TargetNetworkApi> {
    const sdk = await import("@aws-sdk/client-ec2");
    const client = new sdk.EC2Client({ region });
    return {
        async list(endpointId) {
            const out: TargetNetwork[] = [];
            let token: string | undefined;
            do {
                const page = await client.send(
                    new sdk.DescribeClientVpnTargetNetworksCommand({ ClientVpnEndpointId: endpointId, NextToken: token }),
                );
                for (const t of page.ClientVpnTargetNetworks ?? []) {
                    out.push({
                        associationId: t.AssociationId ?? "",
                        subnetId: t.TargetNetworkId ?? "",
                        status: t.Status?.Code ?? "unknown",
                    });
                }
                token = page.NextToken;
            } while (token);
            return out;
        },
        async disassociate(endpointId, associationId) {
            await client.send(
                new sdk.DisassociateClientVpnTargetNetworkCommand({ ClientVpnEndpointId: endpointId, AssociationId: associationId }),
            );
        },
    };
}

const ENDPOINT_TYPE = "aws:ec2clientvpn/endpoint:Endpoint";

/**
 * What a hooked resource's deletion must release, from the engine's view of its last state: a start schedule its own
 * subnet (endpoint and subnet from its target input, region from its ARN), the endpoint every subnet.
 */
export function releaseTarget(args: Pick<pulumi.ResourceHookArgs, "type" | "id" | "oldInputs" | "oldOutputs">): {
    endpointId: string;
    subnetId?: string;
    region: string;
} {
    const arn: unknown = args.oldOutputs?.arn;
    const region = typeof arn === "string" ? arn.split(":")[3] : undefined;
    if (args.type === ENDPOINT_TYPE) {
        if (!args.id || !region)
            throw new Error(
                `release hook: the endpoint's state has no id or ARN (id ${JSON.stringify(args.id)}, arn ${JSON.stringify(arn)}).`,
            );
        return { endpointId: args.id, region };
    }
    const input = args.oldInputs?.target?.input;
    const target = parseAssociateInput(input);
    if (!target || !region) {
        throw new Error(
            `release hook: the schedule's state has no target input or ARN (input ${JSON.stringify(input)}, arn ${JSON.stringify(arn)}).`,
        );
    }
    return { ...target, region };
}

/**
 * What the hook does: before a delete, release what the resource stands for; before an update of a start schedule
 * that moves to another subnet or endpoint (a replaced subnet), release the old one, which nothing would release
 * otherwise. Either way it waits until AWS reports the association gone.
 */
export function releaseCallback(
    api: (region: string) => Promise<TargetNetworkApi> = ec2TargetNetworkApi,
    options?: ReleaseOptions,
): pulumi.ResourceHookFunction {
    return async (args) => {
        const target = releaseTarget(args);
        if (args.newInputs !== undefined) {
            const next = releaseTarget({ ...args, oldInputs: args.newInputs });
            if (next.endpointId === target.endpointId && next.subnetId === target.subnetId) return;
        }
        const released = await releaseAssociations(await api(target.region), target.endpointId, target.subnetId, options);
        await pulumi.log.info(
            `released ${released} Client VPN association(s) of ${target.endpointId}${target.subnetId ? ` in ${target.subnetId}` : ""}`,
        );
    };
}

/**
 * Bound, in office hours, before the deletion or update of each start schedule and before the deletion of the
 * endpoint (`pulumi destroy --run-program`, vpn.alwaysOn turned on, the VPN disabled or replaced): associations the
 * schedules made are not in Pulumi's state, and while one exists AWS refuses to delete the endpoint and the subnet.
 * Register it in every mode, bound or not: resources in the state that still carry it need it to be deleted.
 */
export function releaseHook(
    name: string,
    api?: (region: string) => Promise<TargetNetworkApi>,
    options?: ReleaseOptions,
): pulumi.ResourceHook {
    return new pulumi.ResourceHook(`${name}-release-associations`, releaseCallback(api, options));
}
