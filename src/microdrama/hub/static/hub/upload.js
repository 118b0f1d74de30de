// Resumable uploads over the tus 1.0 core protocol (POST creates, HEAD tells the offset, PATCH
// appends). The upload URL is remembered per file in localStorage, so choosing the same file again
// after a dropped connection continues where it stopped instead of starting over.
(function () {
  const csrf = () => document.querySelector('meta[name="csrf-token"]').content;
  const b64 = (s) => btoa(unescape(encodeURIComponent(s)));
  const headers = (extra) => Object.assign({"Tus-Resumable": "1.0.0", "X-CSRFToken": csrf()}, extra || {});

  async function fail(response) {
    let message = response.status + " " + response.statusText;
    try { message = (await response.json()).detail || message; } catch (e) { /* not JSON */ }
    throw new Error(message);
  }

  async function startOrResume(endpoint, file, metadata, key) {
    const known = localStorage.getItem(key);
    if (known) {
      const head = await fetch(known, {method: "HEAD", headers: headers(), credentials: "same-origin"});
      if (head.ok) return {url: known, offset: parseInt(head.headers.get("Upload-Offset"), 10)};
      localStorage.removeItem(key);
    }
    const meta = Object.entries(metadata).map(([k, v]) => k + " " + b64(String(v))).join(",");
    const created = await fetch(endpoint, {method: "POST", credentials: "same-origin",
      headers: headers({"Upload-Length": String(file.size), "Upload-Metadata": meta})});
    if (created.status !== 201) await fail(created);
    const url = created.headers.get("Location");
    localStorage.setItem(key, url);
    return {url, offset: 0};
  }

  window.resumableUpload = async function ({endpoint, file, metadata, chunkSize, onProgress}) {
    const key = "upload:" + JSON.stringify([endpoint, metadata, file.name, file.size, file.lastModified]);
    let {url, offset} = await startOrResume(endpoint, file, metadata, key);
    let result = null;
    while (offset < file.size) {
      const chunk = file.slice(offset, offset + chunkSize);
      let response;
      for (let attempt = 0; ; attempt++) {
        try {
          response = await fetch(url, {method: "PATCH", body: chunk, credentials: "same-origin",
            headers: headers({"Upload-Offset": String(offset), "Content-Type": "application/offset+octet-stream"})});
          break;
        } catch (networkError) {
          if (attempt >= 4) throw networkError;
          await new Promise((r) => setTimeout(r, 1000 * 2 ** attempt));
          const head = await fetch(url, {method: "HEAD", headers: headers(), credentials: "same-origin"});
          offset = parseInt(head.headers.get("Upload-Offset"), 10);
        }
      }
      if (response.status === 200) { result = await response.json(); offset = file.size; break; }
      if (response.status !== 204) { localStorage.removeItem(key); await fail(response); }
      offset = parseInt(response.headers.get("Upload-Offset"), 10);
      if (onProgress) onProgress(offset, file.size);
    }
    localStorage.removeItem(key);
    if (onProgress) onProgress(file.size, file.size);
    return result;
  };
})();
