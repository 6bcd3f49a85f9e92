import { requireUser } from '../lib/session';
import { Nav } from '../ui/nav';
import { SelectionProvider } from '../ui/selection';

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  return (
    <SelectionProvider>
      <Nav user={user} />
      <main className="mx-auto max-w-[1600px] px-4 py-4">{children}</main>
    </SelectionProvider>
  );
}
