/** A CSV download of one of a merchant's lists (a plain link: works without JavaScript). */
export function DownloadLink({ merchantId, list, label }: { merchantId: string; list: 'similar' | 'audience' | 'superfans'; label: string }) {
  return (
    <a className="btn" href={`/api/v1/merchants/${encodeURIComponent(merchantId)}/export?list=${list}`} download>
      {label}
    </a>
  );
}
