// Checks a receipt's inclusion proof (RFC 9162 §2.1.3.2) in the browser: only the receipt's hash is sent.
(function () {
  "use strict";
  var form = document.querySelector("[data-transparency]");
  if (!form) return;
  var result = form.querySelector("[data-transparency-result]");

  function bytes(b64) {
    var text = atob(b64), out = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
    return out;
  }
  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }
  function sha256(parts) {
    var length = parts.reduce(function (n, p) { return n + p.length; }, 0);
    var joined = new Uint8Array(length), at = 0;
    parts.forEach(function (p) { joined.set(p, at); at += p.length; });
    return crypto.subtle.digest("SHA-256", joined).then(function (d) { return new Uint8Array(d); });
  }
  function equal(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  // The root an audit path leads to from `leaf` at `index` in a tree of `size` leaves; null if malformed.
  function rootFrom(leaf, index, size, path) {
    var fn = index, sn = size - 1, step = Promise.resolve(leaf);
    if (index < 0 || index >= size) return Promise.resolve(null);
    path.forEach(function (p) {
      step = step.then(function (r) {
        if (r === null || sn === 0) return null;
        var next;
        if (fn % 2 === 1 || fn === sn) {
          next = sha256([new Uint8Array([1]), p, r]);
          while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
        } else {
          next = sha256([new Uint8Array([1]), r, p]);
        }
        fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
        return next;
      });
    });
    return step.then(function (r) { return r !== null && sn === 0 ? r : null; });
  }
  // The bytes a head's signature covers (docs/transparency.md, "Signed tree head").
  function signedBytes(head) {
    var prefix = new TextEncoder().encode("clarion tree head v1\0"), root = bytes(head.root_hash);
    var out = new Uint8Array(prefix.length + 32 + root.length), view = new DataView(out.buffer);
    out.set(prefix, 0);
    view.setBigUint64(prefix.length, BigInt(head.petition));
    view.setBigUint64(prefix.length + 8, BigInt(head.tree_size));
    view.setBigInt64(prefix.length + 16, BigInt(head.count));
    view.setBigUint64(prefix.length + 24, BigInt(head.timestamp));
    out.set(root, prefix.length + 32);
    return out;
  }
  // True when the head carries the site's Ed25519 signature; null when this browser has no Ed25519.
  function signedBySite(head) {
    return crypto.subtle.importKey("raw", bytes(form.dataset.publicKey), {name: "Ed25519"}, false, ["verify"])
      .then(function (key) {
        return crypto.subtle.verify({name: "Ed25519"}, key, bytes(head.signature), signedBytes(head));
      }, function () { return null; });
  }
  function say(text) { result.textContent = text; }
  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_m, key) { return values[key]; });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!(window.crypto && crypto.subtle)) { say(form.dataset.unsupported); return; }
    var receipt = form.elements.receipt.value.trim();
    say(form.dataset.checking);
    var receiptHash;
    sha256([new TextEncoder().encode(receipt)]).then(function (digest) {
      receiptHash = digest;
      return fetch(form.dataset.inclusionUrl.replace(/0\.json$/, hex(digest) + ".json"));
    }).then(function (response) {
      if (!response.ok) {
        return response.text().then(function (text) { throw new Error(text); });
      }
      return response.json();
    }).then(function (proof) {
      var entry = new Uint8Array(33);
      entry.set(receiptHash, 1);  // kind 0 (count), then the receipt's hash
      return sha256([new Uint8Array([0]), entry]).then(function (leaf) {
        return rootFrom(leaf, proof.leaf_index, proof.tree_size, proof.inclusion.map(bytes));
      }).then(function (root) {
        var head = proof.head;
        if (!root || head.tree_size !== proof.tree_size || !equal(root, bytes(head.root_hash))) {
          return false;
        }
        return signedBySite(head);
      }).then(function (signed) {
        var head = proof.head;
        if (signed === false) {
          say(form.dataset.forged);
          form.dataset.outcome = "forged";
          return;
        }
        form.dataset.outcome = proof.revoked ? "revoked" : "included";
        form.dataset.signature = signed ? "checked" : "unchecked";
        say((proof.revoked ? form.dataset.revoked : format(form.dataset.included, {
          leaf: proof.leaf_index, size: proof.tree_size, time: new Date(head.timestamp).toLocaleString()
        })) + (signed ? "" : " " + form.dataset.unsigned));
      });
    }).catch(function (error) {
      form.dataset.outcome = "failed";
      say(form.dataset.failed + " " + error.message.trim());
    });
  });
})();
