// The layout matrix (test/layout/matrix.mjs) in chromium.
import { defineMatrix } from './matrix.mjs';

defineMatrix('chromium');
