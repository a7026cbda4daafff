export { Hydra, HydraArgs, generatedSecretOptions } from "./hydra";
export {
    HYDRA_IMAGE,
    HYDRA_UID,
    HYDRA_PUBLIC_PORT,
    HYDRA_ADMIN_PORT,
    HydraLogLevel,
    migrationJobName,
    hydraPublicUrl,
    hydraSecretData,
} from "./hydra-spec";
export { StorefrontSecrets, StorefrontSecretsArgs, STOREFRONT_SECRET_NAME } from "./storefront";
export { Toolbox, ToolboxArgs, ToolboxImages, optionalToolbox, TOOLBOX_IMAGES, KCAT_IMAGE, K5_EXCEPTION, E7_EXCEPTION } from "./toolbox";
