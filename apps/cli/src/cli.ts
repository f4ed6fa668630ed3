#!/usr/bin/env node
import { runCommandLine } from '@fluidbench/data/node';
import { main } from './main';

void runCommandLine(main, { name: 'fluid' });
