import * as assert from "node:assert";
import type * as pulumi from "@pulumi/pulumi";
import { caOptions } from "../components/vpn";
import { generatedSecretOptions } from "../components/apps";
import { accessLogOptions } from "../components/edge";
import { deployKeyOptions } from "../components/gitops";
import { TIER_DEFAULTS } from "../stacks/tiers";
import { stackRegistry } from "../offline/engine/program";
import type { Registry } from "../offline/engine/registry";

/**
 * What a protected tier must keep: things whose replacement is silent in a preview but breaks users or data
 * (every .ovpn, Hydra's encrypted rows, Flux's access to the config repository, the ALB's audit trail).
 */
const KEPT = (stack: string): [string, string][] => [
    ["aws:s3/bucket:Bucket", `${stack}-edge-access-logs`],
    ["aws:s3/bucketPolicy:BucketPolicy", `${stack}-edge-access-logs`],
    ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", `${stack}-edge-access-logs`],
    ["aws:s3/bucketOwnershipControls:BucketOwnershipControls", `${stack}-edge-access-logs`],
    ["aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", `${stack}-edge-access-logs`],
    ["aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", `${stack}-edge-access-logs`],
    ["tls:index/privateKey:PrivateKey", `${stack}-vpn-ca-key`],
    ["tls:index/selfSignedCert:SelfSignedCert", `${stack}-vpn-ca`],
    ["random:index/randomPassword:RandomPassword", `${stack}-hydra-system-secret`],
    ["random:index/randomPassword:RandomPassword", `${stack}-hydra-cookie-secret`],
    ["random:index/randomPassword:RandomPassword", `${stack}-hydra-pairwise-salt`],
    ["tls:index/privateKey:PrivateKey", `${stack}-flux-deploy-key`],
];

/** These renew themselves by replacement (tls earlyRenewalHours): protecting them would block the renewal. */
const RENEWED = (stack: string): [string, string][] => [
    ["tls:index/privateKey:PrivateKey", `${stack}-vpn-server-key`],
    ["tls:index/locallySignedCert:LocallySignedCert", `${stack}-vpn-server-cert`],
    ["tls:index/privateKey:PrivateKey", `${stack}-vpn-client-shared-key`],
    ["tls:index/locallySignedCert:LocallySignedCert", `${stack}-vpn-client-shared-cert`],
];

describe("kept things kept: protect in protected tiers", () => {
    describe("the option functions (mocks cannot see protect)", () => {
        const parent = { name: "parent" } as unknown as pulumi.Resource;
        const helpers = { accessLogOptions, caOptions, generatedSecretOptions, deployKeyOptions };
        for (const tier of ["dev", "staging", "prod"] as const) {
            for (const [name, fn] of Object.entries(helpers)) {
                it(`${name} in ${tier}: protect is ${TIER_DEFAULTS[tier].protect}`, () => {
                    assert.deepStrictEqual(fn(parent, TIER_DEFAULTS[tier].protect), { parent, protect: tier !== "dev" });
                });
            }
        }
    });

    const stacks: Record<string, Registry> = {};
    before(async () => {
        for (const stack of ["dev", "staging"]) stacks[stack] = await stackRegistry(stack);
    });

    for (const stack of ["dev", "staging"]) {
        const protectedTier = stack !== "dev";
        it(`${stack}: the access-log bucket and its settings, the VPN CA, Hydra's generated secrets and the deploy key are ${protectedTier ? "" : "not "}protected`, () => {
            const reg = stacks[stack];
            assert.deepStrictEqual(
                KEPT(stack).map(([type, name]) => [type, name, reg.one(type, name).protect]),
                KEPT(stack).map(([type, name]) => [type, name, protectedTier]),
            );
        });

        it(`${stack}: the server and client certificates and keys stay unprotected, so they can renew`, () => {
            const reg = stacks[stack];
            assert.deepStrictEqual(
                RENEWED(stack).map(([type, name]) => reg.one(type, name).protect),
                RENEWED(stack).map(() => false),
            );
        });
    }
});
