/// <reference path="../../../../types/vite-import-suffixes.d.ts" />
