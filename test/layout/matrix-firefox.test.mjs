// The layout matrix (test/layout/matrix.mjs) in firefox.
import { defineMatrix } from './matrix.mjs';

defineMatrix('firefox');
