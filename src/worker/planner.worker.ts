/// <reference lib="webworker" />
// The engine behind Comlink: planning blocks for seconds and must never freeze the page.
import * as Comlink from 'comlink';
import { createHighsSolver } from '../solver/highs';
import { createPlannerApi } from './plannerApi';

Comlink.expose(createPlannerApi(() => createHighsSolver()));
