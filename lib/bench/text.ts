export function migrationText(version: number, scope: string, name: string, up: string, down: string): string {
  return `-- Migration: ${String(version).padStart(3, '0')}_${name}
-- Version: ${String(version).padStart(3, '0')}
-- Scope: ${scope}

-- ==================== UP ====================
${up}

-- ==================== DOWN ====================
${down}
`;
}
