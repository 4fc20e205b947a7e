// The layout matrix (test/layout/matrix.mjs) in webkit.
import { defineMatrix } from './matrix.mjs';

defineMatrix('webkit');
