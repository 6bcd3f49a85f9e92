export default function Loading() {
  return (
    <div className="p-4 text-sm text-slate-500" role="status">
      Loading…
    </div>
  );
}
