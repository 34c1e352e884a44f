/** AI-serving rule pack (issue 15): model servers, model caches, model APIs. */
import type { ComposeContext } from '../../compose/context';
import type { Rule } from '../../rule';
import { modelServerShmSize } from './modelServerShmSize';
import { modelCacheVolume } from './modelCacheVolume';
import { modelApiAllInterfaces } from './modelApiAllInterfaces';
import { modelServerStartPeriod } from './modelServerStartPeriod';
import { nvidiaVisibleDevicesScope } from './nvidiaVisibleDevicesScope';
import { vectorStoreApiKey } from './vectorStoreApiKey';
import { ollamaKeepAliveForever, ollamaOriginsWildcard } from './ollamaEnv';
import { hfTokenRequired } from './hfTokenRequired';
import { vllmApiKeyScope } from './vllmApiKeyScope';
import { modelServerReadiness } from './modelServerReadiness';
import { healthcheckToolInImage } from './healthcheckToolInImage';
import { modelServerDependsOn } from './modelServerDependsOn';
import { ollamaMemoryFit } from './ollamaMemoryFit';
import { vectorStorePortPublished } from './vectorStorePortPublished';
import { modelServerGpuReservation } from './modelServerGpuReservation';

export const aiServingRules: Rule<ComposeContext>[] = [modelServerShmSize, modelCacheVolume, modelApiAllInterfaces, ollamaOriginsWildcard, ollamaKeepAliveForever, modelServerStartPeriod, nvidiaVisibleDevicesScope, vectorStoreApiKey, hfTokenRequired, vllmApiKeyScope, modelServerReadiness, healthcheckToolInImage, modelServerDependsOn, ollamaMemoryFit, vectorStorePortPublished, modelServerGpuReservation];
