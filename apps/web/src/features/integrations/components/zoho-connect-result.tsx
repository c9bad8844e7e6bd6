import { Alert } from '@mantine/core';
import { isZohoConnectErrorCode, ZOHO_CONNECT_ERRORS } from '@hotleads/shared';
import { useSearchParams } from 'react-router';

// What Zoho's sign-in ended in, from the address the API sent the browser back to (`?zoho=connected` or
// `?zoho_error=<code>`), in plain words. Closing it removes the mark from the address.
export function ZohoConnectResult() {
  const [search, setSearch] = useSearchParams();
  const connected = search.get('zoho') === 'connected';
  const error = search.get('zoho_error');
  if (!connected && error === null) return null;
  const dismiss = () =>
    setSearch(
      (current) => {
        current.delete('zoho');
        current.delete('zoho_error');
        return current;
      },
      { replace: true },
    );
  if (connected) {
    return (
      <Alert color="green" title="Zoho CRM is connected" role="status" withCloseButton closeButtonLabel="Dismiss" onClose={dismiss}>
        Zoho accepted the connection. The first sync starts within a minute.
      </Alert>
    );
  }
  return (
    <Alert color="red" title="Zoho CRM was not connected" role="alert" withCloseButton closeButtonLabel="Dismiss" onClose={dismiss}>
      {isZohoConnectErrorCode(error) ? ZOHO_CONNECT_ERRORS[error] : 'Zoho’s sign-in did not finish. Start again.'}
    </Alert>
  );
}
