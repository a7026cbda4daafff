import * as aws from "@pulumi/aws";
import { Network } from "./components/network";
import { loadConfig } from "./stacks";

// Wiring only: config in, layers built in dependency order, outputs out.
const config = loadConfig();
const prefix = config.stack;
const clusterName = `${config.project}-${config.stack}`;

const awsProvider = new aws.Provider("aws", { region: config.region as aws.Region, defaultTags: { tags: config.tags } });
const providers = { aws: awsProvider };

const network = new Network(`${prefix}-network`, { ...config.network, clusterName }, { providers });

export const vpcId = network.vpcId;
export const publicSubnetIds = network.publicSubnetIds;
export const privateSubnetIds = network.privateSubnetIds;
